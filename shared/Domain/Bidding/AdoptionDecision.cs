namespace Serverless.Domain.Bidding;

public enum AdoptionDecision
{
    Adopted,
    Skipped,
}

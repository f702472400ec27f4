namespace Serverless.Domain.NewItems;

/// <summary>DOMAIN.md §2 decisions; <see cref="RequestExpertEvaluation"/> only on the green channel's price review.</summary>
public enum ReviewDecisionKind
{
    Approve,
    Reject,
    ReturnForChanges,
    RequestExpertEvaluation,
}

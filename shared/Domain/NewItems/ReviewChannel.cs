namespace Serverless.Domain.NewItems;

public enum ReviewChannel
{
    Standard,
    Green,
}

namespace Serverless.Domain.Tabular;

public enum IssueSeverity
{
    Error,
    Warning,
}

namespace Serverless.Durable;

/// <summary>Options for one scheduled task; a sub-orchestration may also be given its instance id.</summary>
public record TaskOptions(RetryPolicy? Retry = null)
{
    public static TaskOptions FromRetryPolicy(RetryPolicy retry) => new(retry);
}

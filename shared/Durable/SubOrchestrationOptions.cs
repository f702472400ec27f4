namespace Serverless.Durable;

/// <summary>Options for a sub-orchestration: its instance id (default: derived from the parent) and retries.</summary>
public sealed record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null) : TaskOptions(Retry);

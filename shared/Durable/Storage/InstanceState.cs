namespace Serverless.Durable.Storage;

/// <summary>The state row of an instance: everything a status query returns. Times are UTC.</summary>
public sealed record InstanceState(
    string InstanceId,
    string Name,
    string ExecutionId,
    OrchestrationRuntimeStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt)
{
    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    public string? ParentInstanceId { get; init; }

    public string? ParentExecutionId { get; init; }

    public int? ParentTaskId { get; init; }

    /// <summary>Steps committed in this execution; names the next history entity.</summary>
    public int StepCount { get; init; }

    public bool IsTerminal => Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed
        or OrchestrationRuntimeStatus.Terminated;
}

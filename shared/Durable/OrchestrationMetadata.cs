using Serverless.Durable.Storage;

namespace Serverless.Durable;

/// <summary>An instance as a client sees it: status, input, output, custom status, failure and times (UTC).</summary>
public sealed record OrchestrationMetadata(InstanceState State)
{
    public string InstanceId => State.InstanceId;

    public string Name => State.Name;

    public OrchestrationRuntimeStatus RuntimeStatus => State.Status;

    public DateTimeOffset CreatedAt => State.CreatedAt;

    public DateTimeOffset LastUpdatedAt => State.LastUpdatedAt;

    public string? SerializedInput => State.Input;

    public string? SerializedOutput => State.Output;

    public string? SerializedCustomStatus => State.CustomStatus;

    public TaskFailureDetails? FailureDetails => State.Failure;

    public bool IsRunning => State.Status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;

    public bool IsCompleted => State.IsTerminal;

    public T? ReadInputAs<T>() => DurableJson.Deserialize<T>(State.Input);

    public T? ReadOutputAs<T>() => DurableJson.Deserialize<T>(State.Output);

    public T? ReadCustomStatusAs<T>() => DurableJson.Deserialize<T>(State.CustomStatus);
}

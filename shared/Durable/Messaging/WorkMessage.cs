using System.Text.Json.Serialization;

namespace Serverless.Durable.Messaging;

/// <summary>
/// A message that drives an instance (control queue) or runs an activity (work-item queue). Ids are deterministic
/// (instance, execution, kind, task), so a resent outbox message or a duplicated completion is recognised.
/// </summary>
public sealed record WorkMessage(string Id, WorkMessageKind Kind, string InstanceId)
{
    [JsonPropertyName("x")]
    public string? ExecutionId { get; init; }

    [JsonPropertyName("n")]
    public string? Name { get; init; }

    [JsonPropertyName("p")]
    public string? Payload { get; init; }

    [JsonPropertyName("tid")]
    public int? TaskId { get; init; }

    [JsonPropertyName("f")]
    public TaskFailureDetails? Failure { get; init; }

    /// <summary>When a timer is due; a message received earlier is re-armed (queues delay at most 7 days).</summary>
    [JsonPropertyName("at")]
    public DateTimeOffset? FireAt { get; init; }

    [JsonPropertyName("pi")]
    public string? ParentInstanceId { get; init; }

    [JsonPropertyName("px")]
    public string? ParentExecutionId { get; init; }

    [JsonPropertyName("pt")]
    public int? ParentTaskId { get; init; }

    [JsonIgnore]
    public bool IsActivity => Kind == WorkMessageKind.ActivityRequested;
}

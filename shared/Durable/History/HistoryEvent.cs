using System.Text.Json.Serialization;

namespace Serverless.Durable.History;

/// <summary>
/// One entry of an instance's history. Only the fields its <see cref="Type"/> needs are set, so a step's events
/// serialise compactly into one storage entity. <see cref="MessageId"/> records the message an event came from,
/// so a redelivered message is recognised and dropped.
/// </summary>
public sealed record HistoryEvent(HistoryEventType Type)
{
    [JsonPropertyName("t")]
    public DateTimeOffset? Timestamp { get; init; }

    [JsonPropertyName("tid")]
    public int? TaskId { get; init; }

    [JsonPropertyName("n")]
    public string? Name { get; init; }

    [JsonPropertyName("p")]
    public string? Payload { get; init; }

    [JsonPropertyName("f")]
    public TaskFailureDetails? Failure { get; init; }

    [JsonPropertyName("at")]
    public DateTimeOffset? FireAt { get; init; }

    [JsonPropertyName("i")]
    public string? ChildInstanceId { get; init; }

    [JsonPropertyName("m")]
    public string? MessageId { get; init; }
}

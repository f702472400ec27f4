using Serverless.Durable.History;

namespace Serverless.Durable.Storage;

/// <summary>
/// An instance partition as loaded: state, the current execution's history, the outbox of the last step if it is
/// not known to have been sent (a worker that finds one sends it again; receivers drop duplicates), and the state ETag.
/// </summary>
public sealed record InstanceRecord(
    InstanceState State,
    IReadOnlyList<HistoryEvent> History,
    IReadOnlyList<OutboxMessage> PendingOutbox,
    string ETag);

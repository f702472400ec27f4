using Serverless.Durable.History;

namespace Serverless.Durable.Storage;

/// <summary>
/// One step, committed atomically as one entity-group transaction: the new state row, one history entity holding the
/// step's events and its outbox. <see cref="ExpectedETag"/> null creates the instance and fails if it exists;
/// otherwise the commit fails if the state row changed since it was read. <see cref="NewExecution"/> starts the
/// history afresh (ContinueAsNew, or a finished instance started again).
/// </summary>
public sealed record InstanceCommit(
    InstanceState State,
    string? ExpectedETag,
    IReadOnlyList<HistoryEvent> NewEvents,
    IReadOnlyList<OutboxMessage> Outbox,
    bool NewExecution = false);

using Serverless.Durable.History;

namespace Serverless.Durable.Replay;

/// <summary>What one replay decided: new actions, and whether the execution is still running, done, failed or restarting.</summary>
internal sealed record StepOutcome(
    IReadOnlyList<ScheduledAction> Actions,
    OrchestrationRuntimeStatus Status,
    string? Output,
    TaskFailureDetails? Failure,
    string? CustomStatus,
    IReadOnlyList<HistoryEvent> CarriedOverEvents);

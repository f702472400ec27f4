namespace Serverless.Durable.History;

public enum HistoryEventType
{
    OrchestratorStarted,
    ExecutionStarted,
    TaskScheduled,
    TaskCompleted,
    TaskFailed,
    TimerCreated,
    TimerFired,
    SubOrchestrationCreated,
    SubOrchestrationCompleted,
    SubOrchestrationFailed,
    EventRaised,
    ExecutionCompleted,
    ExecutionFailed,
    ExecutionTerminated,
    ExecutionSuspended,
    ExecutionResumed,
    ContinuedAsNew,
}

namespace Serverless.Durable.Messaging;

public enum WorkMessageKind
{
    ExecutionStarted,
    ActivityRequested,
    TaskCompleted,
    TaskFailed,
    TimerFired,
    SubOrchestrationCompleted,
    SubOrchestrationFailed,
    EventRaised,
    Terminate,
    Suspend,
    Resume,
}

using Serverless.Durable.History;
using Serverless.Durable.Messaging;

namespace Serverless.Durable.Worker;

/// <summary>How a control message becomes the history event it is recorded as.</summary>
internal static class MessageConversion
{
    public static HistoryEvent? ToHistoryEvent(WorkMessage message) => message.Kind switch
    {
        WorkMessageKind.ExecutionStarted => new HistoryEvent(HistoryEventType.ExecutionStarted) { Name = message.Name, Payload = message.Payload },
        WorkMessageKind.TaskCompleted => new HistoryEvent(HistoryEventType.TaskCompleted) { TaskId = message.TaskId, Payload = message.Payload },
        WorkMessageKind.TaskFailed => new HistoryEvent(HistoryEventType.TaskFailed) { TaskId = message.TaskId, Failure = message.Failure },
        WorkMessageKind.TimerFired => new HistoryEvent(HistoryEventType.TimerFired) { TaskId = message.TaskId, FireAt = message.FireAt },
        WorkMessageKind.SubOrchestrationCompleted => new HistoryEvent(HistoryEventType.SubOrchestrationCompleted) { TaskId = message.TaskId, Payload = message.Payload },
        WorkMessageKind.SubOrchestrationFailed => new HistoryEvent(HistoryEventType.SubOrchestrationFailed) { TaskId = message.TaskId, Failure = message.Failure },
        WorkMessageKind.EventRaised => new HistoryEvent(HistoryEventType.EventRaised) { Name = message.Name, Payload = message.Payload },
        WorkMessageKind.Terminate => new HistoryEvent(HistoryEventType.ExecutionTerminated) { Payload = message.Payload },
        WorkMessageKind.Suspend => new HistoryEvent(HistoryEventType.ExecutionSuspended) { Payload = message.Payload },
        WorkMessageKind.Resume => new HistoryEvent(HistoryEventType.ExecutionResumed) { Payload = message.Payload },
        _ => null,
    } is { } converted ? converted with { MessageId = message.Id } : null;
}

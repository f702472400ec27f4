using Serverless.Durable.History;
using Serverless.Durable.Messaging;
using Serverless.Durable.Replay;
using Serverless.Durable.Storage;

namespace Serverless.Durable.Worker;

/// <summary>
/// Decides one step of an instance from its record and the messages that arrived: drops duplicates and stale
/// messages, applies terminate/suspend/resume, replays the orchestrator and builds the atomic commit.
/// </summary>
internal sealed record InstanceStep(InstanceCommit? Commit, IReadOnlyList<HistoryEvent> History)
{
    private const int MaxImmediateRestarts = 20;

    private static readonly InstanceStep Nothing = new(null, []);

    public static InstanceStep Plan(InstanceRecord? record, IReadOnlyList<ReceivedMessage> due, DateTimeOffset now, DurableTaskRegistry registry, string? poisonReason)
    {
        var messages = due.Select(m => m.Message).ToList();
        InstanceState state;
        IReadOnlyList<HistoryEvent> past;
        if (record is null)
        {
            if (messages.FirstOrDefault(m => m.Kind == WorkMessageKind.ExecutionStarted) is not { } start)
            {
                return Nothing;
            }

            state = new InstanceState(start.InstanceId, start.Name!, start.ExecutionId ?? Guid.NewGuid().ToString("N"), OrchestrationRuntimeStatus.Pending, now, now)
            {
                Input = start.Payload, ParentInstanceId = start.ParentInstanceId, ParentExecutionId = start.ParentExecutionId, ParentTaskId = start.ParentTaskId,
            };
            past = [];
        }
        else
        {
            state = record.State;
            past = record.History;
        }

        if (state.IsTerminal)
        {
            return Nothing;
        }

        var fresh = FreshEvents(state, past, messages);
        if (fresh.Count == 0 && poisonReason is null)
        {
            return Nothing;
        }

        var started = DurableTaskWorker.StartedAt(now);
        var stepEvents = new List<HistoryEvent> { started };
        stepEvents.AddRange(fresh);
        var etag = record?.ETag;
        var next = state with { LastUpdatedAt = now, StepCount = state.StepCount + 1 };

        if (poisonReason is not null)
        {
            return Conclude(next with { Status = OrchestrationRuntimeStatus.Failed, Failure = new TaskFailureDetails("PoisonMessage", poisonReason, null) }, etag, past, stepEvents, [], record is null);
        }

        if (fresh.FirstOrDefault(e => e.Type == HistoryEventType.ExecutionTerminated) is { } terminated)
        {
            return Conclude(next with { Status = OrchestrationRuntimeStatus.Terminated, Output = terminated.Payload }, etag, past, stepEvents, [], record is null);
        }

        var status = next.Status;
        foreach (var control in fresh)
        {
            status = control.Type switch
            {
                HistoryEventType.ExecutionSuspended => OrchestrationRuntimeStatus.Suspended,
                HistoryEventType.ExecutionResumed => OrchestrationRuntimeStatus.Running,
                _ => status,
            };
        }

        var hasStarted = past.Concat(fresh).Any(e => e.Type == HistoryEventType.ExecutionStarted);
        if (status == OrchestrationRuntimeStatus.Suspended || !hasStarted)
        {
            // Events that arrive while suspended are recorded now and delivered by the replay after resume.
            return Conclude(next with { Status = status }, etag, past, stepEvents, [], record is null);
        }

        if (!registry.TryGetOrchestrator(state.Name, out var orchestrator))
        {
            var missing = new TaskFailureDetails(typeof(InvalidOperationException).FullName!, $"No orchestrator named '{state.Name}' is registered.", null);
            return Conclude(next with { Status = OrchestrationRuntimeStatus.Failed, Failure = missing }, etag, past, stepEvents, [], record is null);
        }

        return Run(orchestrator, next with { Status = OrchestrationRuntimeStatus.Running }, etag, past, stepEvents, record is null, now);
    }

    private static List<HistoryEvent> FreshEvents(InstanceState state, IReadOnlyList<HistoryEvent> past, List<WorkMessage> messages)
    {
        var applied = past.Where(e => e.MessageId is not null).Select(e => e.MessageId!).ToHashSet(StringComparer.Ordinal);
        var hasStart = past.Any(e => e.Type == HistoryEventType.ExecutionStarted);
        var fresh = new List<HistoryEvent>();
        foreach (var message in messages)
        {
            var stale = message.ExecutionId is not null && message.ExecutionId != state.ExecutionId;
            var repeatedStart = message.Kind == WorkMessageKind.ExecutionStarted && hasStart;
            if (!applied.Add(message.Id) || stale || repeatedStart || MessageConversion.ToHistoryEvent(message) is not { } converted)
            {
                continue;
            }

            hasStart |= message.Kind == WorkMessageKind.ExecutionStarted;
            fresh.Add(converted);
        }

        return fresh;
    }

    private static InstanceStep Run(OrchestratorFunc orchestrator, InstanceState state, string? etag, IReadOnlyList<HistoryEvent> past, List<HistoryEvent> stepEvents, bool create, DateTimeOffset now)
    {
        var outbox = new List<OutboxMessage>();
        var newExecution = create;
        for (var restart = 0; ; restart++)
        {
            var outcome = ReplayState.Run(orchestrator, state.InstanceId, state.Name, state.ExecutionId, state.CustomStatus, past, stepEvents.Skip(0).ToList());
            stepEvents.AddRange(outcome.Actions.Select(a => a.Event));
            outbox.AddRange(outcome.Actions.Select(a => new OutboxMessage(a.Message, a.VisibleAt)));
            state = state with { CustomStatus = outcome.CustomStatus };
            if (outcome.Status != OrchestrationRuntimeStatus.ContinuedAsNew || restart >= MaxImmediateRestarts)
            {
                var finished = outcome.Status switch
                {
                    OrchestrationRuntimeStatus.Completed => state with { Status = OrchestrationRuntimeStatus.Completed, Output = outcome.Output },
                    OrchestrationRuntimeStatus.Failed => state with { Status = OrchestrationRuntimeStatus.Failed, Failure = outcome.Failure },
                    _ => state,
                };
                return Conclude(finished, etag, past, stepEvents, outbox, newExecution);
            }

            // ContinueAsNew: a fresh execution with the new input and any events it kept, run at once in this step.
            state = state with { ExecutionId = Guid.NewGuid().ToString("N"), Input = outcome.Output, StepCount = 1 };
            past = [];
            newExecution = true;
            stepEvents = [DurableTaskWorker.StartedAt(now), new HistoryEvent(HistoryEventType.ExecutionStarted) { Name = state.Name, Payload = outcome.Output }];
            stepEvents.AddRange(outcome.CarriedOverEvents);
        }
    }

    private static InstanceStep Conclude(InstanceState state, string? etag, IReadOnlyList<HistoryEvent> past, List<HistoryEvent> stepEvents, List<OutboxMessage> outbox, bool newExecution)
    {
        switch (state.Status)
        {
            case OrchestrationRuntimeStatus.Completed:
                stepEvents.Add(new HistoryEvent(HistoryEventType.ExecutionCompleted) { Payload = state.Output });
                break;
            case OrchestrationRuntimeStatus.Failed:
                stepEvents.Add(new HistoryEvent(HistoryEventType.ExecutionFailed) { Failure = state.Failure });
                break;
            default:
                break;
        }

        if (state.IsTerminal && state.ParentInstanceId is not null)
        {
            var completed = state.Status == OrchestrationRuntimeStatus.Completed;
            outbox.Add(new OutboxMessage(new WorkMessage(
                $"{state.InstanceId}|{state.ExecutionId}|done",
                completed ? WorkMessageKind.SubOrchestrationCompleted : WorkMessageKind.SubOrchestrationFailed,
                state.ParentInstanceId)
            {
                ExecutionId = state.ParentExecutionId,
                TaskId = state.ParentTaskId,
                Payload = completed ? state.Output : null,
                Failure = completed ? null : state.Failure ?? new TaskFailureDetails("Terminated", $"Sub-orchestration '{state.InstanceId}' was terminated: {state.Output}", null),
            }));
        }

        var commit = new InstanceCommit(state, newExecution && etag is null ? null : etag, stepEvents, outbox, newExecution);
        return new InstanceStep(commit, newExecution ? stepEvents : [.. past, .. stepEvents]);
    }
}

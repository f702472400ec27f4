using Serverless.Durable.History;
using Serverless.Durable.Messaging;

namespace Serverless.Durable.Replay;

/// <summary>
/// Re-runs an orchestrator from its history: delivers each recorded event in order, checks that what the code
/// schedules matches what history recorded, and collects what the code newly schedules.
/// </summary>
internal sealed class ReplayState
{
    private readonly Dictionary<int, HistoryEvent> _recordedSchedules = [];
    private readonly Dictionary<int, OpenTask> _open = [];
    private readonly List<ScheduledAction> _actions = [];
    private readonly Dictionary<string, LinkedList<EventWaiter>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HistoryEvent> _bufferedEvents = [];
    private readonly string _instanceId;
    private readonly string _executionId;
    private int _nextTaskId;
    private int _guidCounter;
    private string? _nonDeterminism;
    private (string? Input, bool Preserve)? _continueAsNew;

    private ReplayState(string instanceId, string executionId)
    {
        _instanceId = instanceId;
        _executionId = executionId;
    }

    public bool IsReplaying { get; private set; }

    public DateTimeOffset CurrentUtc { get; private set; }

    public string? CustomStatus { get; set; }

    public static StepOutcome Run(
        OrchestratorFunc orchestrator,
        string instanceId,
        string name,
        string executionId,
        string? customStatus,
        IReadOnlyList<HistoryEvent> past,
        IReadOnlyList<HistoryEvent> fresh)
    {
        var replay = new ReplayState(instanceId, executionId) { CustomStatus = customStatus };
        return replay.Execute(orchestrator, name, past, fresh);
    }

    public int NextGuidCounter() => _guidCounter++;

    public Task<string?> ScheduleActivity(string name, string? input)
    {
        var taskId = _nextTaskId++;
        var message = new WorkMessage($"{_instanceId}|{_executionId}|a|{taskId}", WorkMessageKind.ActivityRequested, _instanceId)
        {
            ExecutionId = _executionId, Name = name, Payload = input, TaskId = taskId,
        };
        return Schedule(taskId, new HistoryEvent(HistoryEventType.TaskScheduled) { TaskId = taskId, Name = name, Payload = input }, message, null);
    }

    public Task<string?> ScheduleSubOrchestration(string name, string? childInstanceId, string? input)
    {
        var taskId = _nextTaskId++;
        var childId = childInstanceId ?? $"{_instanceId}:{taskId:D4}";
        var message = new WorkMessage($"{childId}|start|{_instanceId}|{_executionId}|{taskId}", WorkMessageKind.ExecutionStarted, childId)
        {
            Name = name, Payload = input, ParentInstanceId = _instanceId, ParentExecutionId = _executionId, ParentTaskId = taskId,
        };
        var recorded = new HistoryEvent(HistoryEventType.SubOrchestrationCreated) { TaskId = taskId, Name = name, Payload = input, ChildInstanceId = childId };
        return Schedule(taskId, recorded, message, null);
    }

    public Task ScheduleTimer(DateTimeOffset fireAt, CancellationToken cancellationToken)
    {
        var taskId = _nextTaskId++;
        var message = new WorkMessage($"{_instanceId}|{_executionId}|t|{taskId}", WorkMessageKind.TimerFired, _instanceId)
        {
            ExecutionId = _executionId, TaskId = taskId, FireAt = fireAt,
        };
        var task = Schedule(taskId, new HistoryEvent(HistoryEventType.TimerCreated) { TaskId = taskId, FireAt = fireAt }, message, fireAt);
        if (cancellationToken.CanBeCanceled && _open.TryGetValue(taskId, out var open))
        {
            cancellationToken.Register(() =>
            {
                _open.Remove(taskId);
                open.Completion.TrySetCanceled(cancellationToken);
            });
        }

        return task;
    }

    public Task<string?> WaitForEvent(string eventName, CancellationToken cancellationToken)
    {
        var buffered = _bufferedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            var payload = _bufferedEvents[buffered].Payload;
            _bufferedEvents.RemoveAt(buffered);
            return Task.FromResult(payload);
        }

        var waiter = new EventWaiter();
        if (!_waiters.TryGetValue(eventName, out var queue))
        {
            queue = new LinkedList<EventWaiter>();
            _waiters[eventName] = queue;
        }

        var node = queue.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    queue.Remove(node);
                }

                waiter.Completion.TrySetCanceled(cancellationToken);
            });
        }

        return waiter.Completion.Task;
    }

    public void ContinueAsNew(string? input, bool preserveUnprocessedEvents) => _continueAsNew = (input, preserveUnprocessedEvents);

    private Task<string?> Schedule(int taskId, HistoryEvent recorded, WorkMessage message, DateTimeOffset? visibleAt)
    {
        if (_recordedSchedules.TryGetValue(taskId, out var fromHistory))
        {
            if (fromHistory.Type != recorded.Type || !string.Equals(fromHistory.Name, recorded.Name, StringComparison.OrdinalIgnoreCase))
            {
                var error = $"Non-deterministic replay of '{_instanceId}' at task #{taskId}: history recorded {Describe(fromHistory)}, " +
                    $"the orchestrator now schedules {Describe(recorded)}.";
                _nonDeterminism ??= error;
                throw new NonDeterministicOrchestrationException(error);
            }
        }
        else
        {
            _actions.Add(new ScheduledAction(recorded with { Timestamp = CurrentUtc }, message, visibleAt));
        }

        var open = new OpenTask(recorded.Name ?? recorded.Type.ToString(), new TaskCompletionSource<string?>());
        _open[taskId] = open;
        return open.Completion.Task;
    }

    private StepOutcome Execute(OrchestratorFunc orchestrator, string name, IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> fresh)
    {
        foreach (var recorded in past.Where(e => e.Type is HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated or HistoryEventType.SubOrchestrationCreated))
        {
            _recordedSchedules[recorded.TaskId!.Value] = recorded;
        }

        var context = new TaskOrchestrationContext(this, _instanceId, name, _executionId);
        var scheduler = new ReplaySynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(scheduler);
        Task<string?>? run = null;
        var unprocessed = new List<HistoryEvent>();
        try
        {
            var all = past.Concat(fresh).ToList();
            for (var i = 0; i < all.Count; i++)
            {
                if (run is { IsCompleted: true } || _nonDeterminism is not null)
                {
                    unprocessed.AddRange(all.Skip(i).Where(e => e.Type == HistoryEventType.EventRaised));
                    break;
                }

                IsReplaying = i < past.Count;
                var recorded = all[i];
                if (recorded.Type == HistoryEventType.ExecutionStarted)
                {
                    run = Start(orchestrator, context, recorded.Payload);
                }
                else
                {
                    Apply(recorded);
                }

                scheduler.Drain();
            }

            IsReplaying = false;
            return Conclude(run, unprocessed);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private static Task<string?> Start(OrchestratorFunc orchestrator, TaskOrchestrationContext context, string? input)
    {
        try
        {
            return orchestrator(context, input);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return Task.FromException<string?>(error);
        }
    }

    private void Apply(HistoryEvent recorded)
    {
        switch (recorded.Type)
        {
            case HistoryEventType.OrchestratorStarted:
                CurrentUtc = recorded.Timestamp!.Value;
                break;
            case HistoryEventType.TaskCompleted or HistoryEventType.SubOrchestrationCompleted or HistoryEventType.TimerFired:
                Complete(recorded, open => open.Completion.TrySetResult(recorded.Payload));
                break;
            case HistoryEventType.TaskFailed or HistoryEventType.SubOrchestrationFailed:
                Complete(recorded, open => open.Completion.TrySetException(
                    new TaskFailedException(open.Name, recorded.TaskId!.Value, recorded.Failure ?? new TaskFailureDetails("unknown", "unknown", null))));
                break;
            case HistoryEventType.EventRaised:
                Deliver(recorded);
                break;
            default:
                break;
        }
    }

    private void Complete(HistoryEvent recorded, Action<OpenTask> complete)
    {
        var taskId = recorded.TaskId!.Value;
        if (_open.Remove(taskId, out var open))
        {
            complete(open);
        }
        else if (taskId >= _nextTaskId)
        {
            _nonDeterminism ??= $"Non-deterministic replay of '{_instanceId}': history has {recorded.Type} for task #{taskId}, " +
                "which the orchestrator did not schedule.";
        }
    }

    private void Deliver(HistoryEvent raised)
    {
        if (_waiters.TryGetValue(raised.Name!, out var queue) && queue.First is { } first)
        {
            queue.RemoveFirst();
            first.Value.Completion.TrySetResult(raised.Payload);
            return;
        }

        _bufferedEvents.Add(raised);
    }

    private StepOutcome Conclude(Task<string?>? run, List<HistoryEvent> unprocessed)
    {
        if (_nonDeterminism is not null)
        {
            return Finish(OrchestrationRuntimeStatus.Failed, null,
                new TaskFailureDetails(typeof(NonDeterministicOrchestrationException).FullName!, _nonDeterminism, null), []);
        }

        if (run is null || !run.IsCompleted)
        {
            return Finish(OrchestrationRuntimeStatus.Running, null, null, []);
        }

        if (run.IsFaulted || run.IsCanceled)
        {
            var error = run.Exception?.InnerException ?? new TaskCanceledException("The orchestrator was cancelled.");
            return Finish(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(error), []);
        }

        if (_continueAsNew is { } restart)
        {
            var carried = restart.Preserve ? _bufferedEvents.Concat(unprocessed).ToList() : [];
            return Finish(OrchestrationRuntimeStatus.ContinuedAsNew, restart.Input, null, carried);
        }

        return Finish(OrchestrationRuntimeStatus.Completed, run.Result, null, []);
    }

    private StepOutcome Finish(OrchestrationRuntimeStatus status, string? output, TaskFailureDetails? failure, IReadOnlyList<HistoryEvent> carried)
    {
        var actions = status == OrchestrationRuntimeStatus.Running ? _actions : _actions.Where(a => a.Event.Type != HistoryEventType.TimerCreated).ToList();
        return new StepOutcome(actions, status, output, failure, CustomStatus, carried);
    }

    private static string Describe(HistoryEvent recorded) => recorded.Type switch
    {
        HistoryEventType.TimerCreated => "a timer",
        HistoryEventType.SubOrchestrationCreated => $"sub-orchestration '{recorded.Name}'",
        _ => $"activity '{recorded.Name}'",
    };

    private sealed record OpenTask(string Name, TaskCompletionSource<string?> Completion);

    private sealed class EventWaiter
    {
        public TaskCompletionSource<string?> Completion { get; } = new();
    }
}

// A deterministic, in-memory, fake-clock stand-in for the Durable Task backend + worker, for unit tests.
//
// It runs orchestrators and activities registered in a real Microsoft.DurableTask.DurableTaskRegistry
// (SDK 1.28.0) and exposes a real DurableTaskClient subclass, so production orchestration code runs unchanged.
//
// What it emulates:
//   * The data converter: every input, output, event payload and custom status goes through
//     JsonDataConverter.Default exactly where the real engine serializes (send) and deserializes (receive).
//   * The worker's TaskOrchestrationContextWrapper (Microsoft.DurableTask.Worker 1.28): external events
//     (LIFO waiter stack, buffering, cancellation that leaves the waiter in the stack), ContinueAsNew with
//     preserveUnprocessedEvents, RetryPolicy via DurableTask.Core's RetryInterceptor algorithm, custom retry
//     handlers, TaskFailedException for failed activities/sub-orchestrations.
//   * The backend: instance store (status, timestamps, input/output/custom status, failure details),
//     durable timers, scheduled start, suspend/resume, terminate, purge, queries, dedupe on start.
//
// Where it deliberately differs from the real engine:
//   * No history and no replay: each instance has exactly one live execution of the orchestrator function,
//     which simply continues after every await. IsReplaying is always false. Non-deterministic orchestrator
//     code is therefore NOT detected.
//   * Time is the FakeTimeProvider. Timers fire only from SettleAsync (when already due) or AdvanceToAsync.
//     Long timers are not split into MaximumTimerInterval chunks (unobservable to orchestrator code).
//   * Work only runs inside SettleAsync/AdvanceToAsync (and the client WaitFor* methods, which settle).
//     Client calls only enqueue.
//   * Activities run for real on the thread pool, concurrently, but their results are handed to the
//     orchestrator in batches, in the order the activities were scheduled, once every activity in flight has
//     finished. That makes Task.WhenAny over activities deterministic (earliest scheduled wins within a batch).
//   * Orchestrators that await non-durable tasks (Task.Delay, HttpClient, ...) are not tracked: the engine may
//     consider itself settled before such a task completes (the real engine forbids this too).
//   * NewGuid is deterministic (instance id + current time + counter) but not byte-identical to the SDK's.
//   * The zero-length "back-compat" timer DurableTask.Core creates after the last failed retry is not created.
//   * Entities, versioning, rewind, restart and history are not supported.
#nullable enable

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using CoreFailureDetails = global::DurableTask.Core.FailureDetails;
using CoreOrchestrationException = global::DurableTask.Core.Exceptions.OrchestrationException;
using CoreSubOrchestrationFailedException = global::DurableTask.Core.Exceptions.SubOrchestrationFailedException;
using CoreTaskFailedException = global::DurableTask.Core.Exceptions.TaskFailedException;
using OrchestrationAlreadyExistsException = global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;

namespace Serverless.Functions.Tests.Durable;

/// <summary>
/// Runs Durable Task orchestrations in memory against a <see cref="FakeTimeProvider"/>, deterministically.
/// Drive it with <see cref="SettleAsync"/> and <see cref="AdvanceToAsync"/>; talk to it with <see cref="Client"/>.
/// </summary>
public sealed class ScriptedDurableEngine
{
    /// <summary>Wall-clock limit for activities in flight; protects tests from hanging forever.</summary>
    static readonly TimeSpan StuckActivityTimeout = TimeSpan.FromSeconds(60);

    /// <summary>True while code runs on the engine's behalf (orchestrator step or activity body).</summary>
    static readonly AsyncLocal<bool> InsideEngineWork = new();

    readonly FakeTimeProvider time;
    readonly IServiceProvider services;
    // The app's converter (web defaults), as both of its hosts use.
    readonly DataConverter converter = Serverless.Functions.Hosting.Workflows.Converter;
    readonly DurableTaskRegistry registry;
    Dictionary<TaskName, Func<IServiceProvider, ITaskOrchestrator>>? orchestratorTable;
    Dictionary<TaskName, Func<IServiceProvider, ITaskActivity>>? activityTable;

    // Read from the registry at first use, so a harness may fill the registry after creating the engine.
    Dictionary<TaskName, Func<IServiceProvider, ITaskOrchestrator>> orchestrators =>
        this.orchestratorTable ??= this.registry.GetOrchestrators().ToDictionary(e => e.Key, e => e.Value);

    Dictionary<TaskName, Func<IServiceProvider, ITaskActivity>> activities =>
        this.activityTable ??= this.registry.GetActivities().ToDictionary(e => e.Key, e => e.Value);
    readonly OrchestratorPump pump = new();
    readonly SemaphoreSlim settleLock = new(1, 1);

    // Everything below is guarded by `gate`. The pump holds it while it runs a step, so client calls made
    // from activity threads never observe (or mutate) state in the middle of an orchestrator step.
    readonly object gate = new();
    readonly Dictionary<string, InstanceRecord> instances = new(StringComparer.Ordinal);
    readonly List<DurableTimer> timers = new();
    readonly List<ActivityRun> activitiesInFlight = new();
    readonly List<string> activityCalls = new();
    long sequence;

    /// <summary>Creates an engine for the orchestrators and activities in <paramref name="registry"/>.</summary>
    /// <param name="registry">The real SDK registry, filled with AddOrchestratorFunc / AddActivityFunc etc.</param>
    /// <param name="time">The fake clock; orchestrators see it as CurrentUtcDateTime, timers fire on it.</param>
    /// <param name="services">Used to build orchestrators/activities (a scope per activity call / execution).</param>
    public ScriptedDurableEngine(DurableTaskRegistry registry, FakeTimeProvider time, IServiceProvider? services = null)
    {
        this.registry = registry ?? throw new ArgumentNullException(nameof(registry));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.services = services ?? EmptyServiceProvider.Instance;

        this.Client = new ScriptedClient(this);
    }

    /// <summary>A real <see cref="DurableTaskClient"/> (name "scripted") backed by this engine.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>Names of the activities invoked so far, in scheduling order (each retry attempt counts).</summary>
    public IReadOnlyList<string> ActivityCalls
    {
        get
        {
            lock (this.gate)
            {
                return this.activityCalls.ToArray();
            }
        }
    }

    /// <summary>
    /// Runs everything that can run at the current fake time: orchestrator steps, activities, timers that are
    /// already due, delivered events, until nothing more can run.
    /// </summary>
    public async Task SettleAsync()
    {
        EnsureNotInsideEngineWork(nameof(this.SettleAsync));
        await this.settleLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await this.SettleCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            this.settleLock.Release();
        }
    }

    /// <summary>
    /// Moves the fake clock forward to <paramref name="utc"/> (never back; an earlier value only settles).
    /// Timers due on the way fire one at a time in fire-time order, with the clock set to each timer's fire
    /// time when it fires, and the engine settles after each.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset utc)
    {
        EnsureNotInsideEngineWork(nameof(this.AdvanceToAsync));
        await this.settleLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await this.SettleCoreAsync().ConfigureAwait(false);
            DateTime target = utc.UtcDateTime;
            while (true)
            {
                DateTime? next;
                lock (this.gate)
                {
                    next = this.timers.Count == 0 ? null : this.timers.Min(t => t.FireAt);
                }

                if (next is null || next.Value > target)
                {
                    break;
                }

                if (next.Value > this.time.GetUtcNow().UtcDateTime)
                {
                    this.time.SetUtcNow(new DateTimeOffset(next.Value, TimeSpan.Zero));
                }

                await this.SettleCoreAsync().ConfigureAwait(false);
            }

            if (utc > this.time.GetUtcNow())
            {
                this.time.SetUtcNow(utc);
            }

            await this.SettleCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            this.settleLock.Release();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Scheduler: the pump loop, due timers and the activity batches.
    // ---------------------------------------------------------------------------------------------

    async Task SettleCoreAsync()
    {
        while (true)
        {
            while (this.pump.RunOne(this.gate))
            {
            }

            if (this.FireNextDueTimer())
            {
                continue;
            }

            ActivityRun[] batch;
            lock (this.gate)
            {
                batch = this.activitiesInFlight.ToArray();
                this.activitiesInFlight.Clear();
            }

            if (batch.Length == 0)
            {
                if (this.pump.IsEmpty)
                {
                    return;
                }

                continue;
            }

            try
            {
                await Task.WhenAll(batch.Select(run => run.Work)).WaitAsync(StuckActivityTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                string stuck = string.Join(", ", batch.Where(run => !run.Work.IsCompleted).Select(run => run.Name.Name));
                throw new TimeoutException(
                    $"Activities still running after {StuckActivityTimeout.TotalSeconds:0}s of wall-clock time: {stuck}.");
            }

            // Hand the results over in scheduling order, whatever order the pool finished them in.
            foreach (ActivityRun run in batch)
            {
                ActivityOutcome outcome = run.Work.Result;
                this.PostToExecution(run.Execution, () =>
                {
                    if (outcome.Failure is null)
                    {
                        run.Result.TrySetResult(outcome.Output);
                    }
                    else
                    {
                        run.Result.TrySetException(
                            CoreTaskFailed(run.TaskId, run.Name, new CoreFailureDetails(outcome.Failure)));
                    }
                });
            }
        }
    }

    /// <summary>Fires the earliest timer whose time has come (ties: creation order). False if none is due.</summary>
    bool FireNextDueTimer()
    {
        lock (this.gate)
        {
            DateTime now = this.time.GetUtcNow().UtcDateTime;
            DurableTimer? next = null;
            foreach (DurableTimer timer in this.timers)
            {
                if (timer.FireAt <= now
                    && (next is null || timer.FireAt < next.FireAt || (timer.FireAt == next.FireAt && timer.Sequence < next.Sequence)))
                {
                    next = timer;
                }
            }

            if (next is null)
            {
                return false;
            }

            this.timers.Remove(next);
            next.Fire();
            return true;
        }
    }

    static void EnsureNotInsideEngineWork(string operation)
    {
        if (InsideEngineWork.Value)
        {
            throw new InvalidOperationException(
                $"{operation} cannot be called from inside an orchestrator or activity run by the ScriptedDurableEngine (it would deadlock).");
        }
    }

    /// <summary>
    /// Queues work for one execution. It is dropped if the execution has ended (terminated, completed,
    /// replaced, continued-as-new) and held while the instance is suspended, as the real backend holds messages.
    /// </summary>
    void PostToExecution(Execution execution, Action work) => this.pump.Post(() => this.RunForExecution(execution, work));

    void RunForExecution(Execution execution, Action work)
    {
        if (!execution.IsLive)
        {
            return;
        }

        InstanceRecord instance = execution.Instance;
        if (instance.Status == OrchestrationRuntimeStatus.Suspended)
        {
            instance.Held.Add(() => this.RunForExecution(execution, work));
            return;
        }

        try
        {
            work();
        }
        catch (Exception e)
        {
            // e.g. an event payload that cannot be deserialized: the real episode fails the same way.
            this.FailExecution(execution, TaskFailureDetails.FromException(e));
        }

        this.Touch(instance);
    }

    void ReleaseHeld(InstanceRecord instance)
    {
        Action[] held = instance.Held.ToArray();
        instance.Held.Clear();
        foreach (Action action in held)
        {
            this.pump.Post(action);
        }
    }

    void Touch(InstanceRecord instance) => instance.LastUpdatedAt = this.time.GetUtcNow();

    bool IsCurrent(InstanceRecord instance)
        => this.instances.TryGetValue(instance.InstanceId, out InstanceRecord? current) && ReferenceEquals(current, instance);

    // ---------------------------------------------------------------------------------------------
    // Instance lifecycle (backend side).
    // ---------------------------------------------------------------------------------------------

    /// <summary>Creates (or replaces) an instance and queues its start. Caller holds the gate.</summary>
    InstanceRecord CreateInstance(
        TaskName name,
        string instanceId,
        string? serializedInput,
        IEnumerable<KeyValuePair<string, string>>? tags,
        DateTimeOffset? startAt,
        ParentOrchestrationInstance? parent)
    {
        if (this.instances.TryGetValue(instanceId, out InstanceRecord? existing))
        {
            // Like the Azure Storage provider without dedupe: the old instance is overwritten.
            this.Retire(existing);
        }

        DateTimeOffset now = this.time.GetUtcNow();
        InstanceRecord instance = new(instanceId, name, now, ++this.sequence)
        {
            SerializedInput = serializedInput,
            Tags = tags?.ToDictionary(kv => kv.Key, kv => kv.Value) ?? new Dictionary<string, string>(),
            Parent = parent,
            StartAt = startAt,
        };
        this.instances[instanceId] = instance;

        if (startAt is { } at && at > now)
        {
            this.timers.Add(new DurableTimer(at.UtcDateTime, ++this.sequence, instance, () => this.pump.Post(() => this.TryBeginExecution(instance))));
        }
        else
        {
            this.pump.Post(() => this.TryBeginExecution(instance));
        }

        return instance;
    }

    /// <summary>Stops everything belonging to a replaced instance.</summary>
    void Retire(InstanceRecord instance)
    {
        if (instance.Execution is { } execution)
        {
            this.EndExecution(execution);
        }

        this.timers.RemoveAll(t => t.Instance == instance);
        instance.Held.Clear();
    }

    /// <summary>Starts an execution if the instance is current, not started, not suspended and due.</summary>
    void TryBeginExecution(InstanceRecord instance)
    {
        if (!this.IsCurrent(instance) || instance.IsTerminal || instance.Execution is not null
            || instance.Status == OrchestrationRuntimeStatus.Suspended
            || (instance.StartAt is { } at && this.time.GetUtcNow() < at))
        {
            return;
        }

        Execution execution = new(instance);
        execution.Context = new ScriptedOrchestrationContext(this, execution);
        instance.Execution = execution;
        instance.Status = OrchestrationRuntimeStatus.Running;
        this.Touch(instance);
        _ = this.RunOrchestratorAsync(execution);

        // Events that arrived before the start (or during a ContinueAsNew) are delivered now, in order.
        this.ReleaseHeld(instance);
    }

    /// <summary>
    /// The orchestrator function itself. Called from a pump step, so every await inside the orchestrator
    /// captures the pump's SynchronizationContext and resumes on the pump.
    /// </summary>
    async Task RunOrchestratorAsync(Execution execution)
    {
        InstanceRecord instance = execution.Instance;
        object? output;
        try
        {
            if (!this.orchestrators.TryGetValue(instance.Name, out Func<IServiceProvider, ITaskOrchestrator>? factory))
            {
                // Same failure the gRPC worker reports.
                this.FailExecution(execution, new TaskFailureDetails(
                    "OrchestratorTaskNotFound", $"No orchestrator task named '{instance.Name.Name}' was found.", null, null, null));
                return;
            }

            execution.Scope = this.CreateScope();
            ITaskOrchestrator orchestrator = factory(execution.Scope?.ServiceProvider ?? this.services);
            object? input = this.Deserialize(instance.SerializedInput, orchestrator.InputType);
            execution.Context.Input = input;
            output = await orchestrator.RunAsync(execution.Context, input);
        }
        catch (Exception e)
        {
            this.FailExecution(execution, TaskFailureDetails.FromException(e));
            return;
        }

        this.CompleteExecution(execution, output);
    }

    void CompleteExecution(Execution execution, object? output)
    {
        if (!execution.IsLive)
        {
            return;
        }

        if (execution.ContinueAsNew is { } request)
        {
            this.ContinueAsNew(execution, request);
            return;
        }

        string? serializedOutput;
        try
        {
            serializedOutput = this.converter.Serialize(output);
        }
        catch (Exception e)
        {
            this.FailExecution(execution, TaskFailureDetails.FromException(e));
            return;
        }

        this.Finish(execution.Instance, OrchestrationRuntimeStatus.Completed, serializedOutput, null);
    }

    void FailExecution(Execution execution, TaskFailureDetails failure)
    {
        if (execution.IsLive)
        {
            this.Finish(execution.Instance, OrchestrationRuntimeStatus.Failed, null, failure);
        }
    }

    /// <summary>Moves an instance to a terminal status and notifies a waiting parent.</summary>
    void Finish(InstanceRecord instance, OrchestrationRuntimeStatus status, string? serializedOutput, TaskFailureDetails? failure)
    {
        if (instance.Execution is { } execution)
        {
            this.EndExecution(execution);
        }

        this.timers.RemoveAll(t => t.Instance == instance);
        instance.Held.Clear();
        instance.Status = status;
        instance.SerializedOutput = serializedOutput;
        instance.FailureDetails = failure;
        this.Touch(instance);
        instance.OnFinished?.Invoke(instance);
    }

    /// <summary>ContinueAsNew: the execution ends and a fresh one starts with the new input (same instance).</summary>
    void ContinueAsNew(Execution execution, ContinueAsNewRequest request)
    {
        InstanceRecord instance = execution.Instance;
        this.EndExecution(execution);
        instance.SerializedInput = request.SerializedInput;
        instance.SerializedOutput = null;
        instance.SerializedCustomStatus = null; // the new execution has not set one yet
        instance.FailureDetails = null;
        this.Touch(instance);

        if (request.PreserveUnprocessedEvents)
        {
            // The SDK re-sends buffered events to the instance itself; they reach the new execution first.
            instance.Held.InsertRange(0, execution.CarriedEvents.Select(e => (Action)(() => this.DeliverEvent(instance.InstanceId, e.Name, e.Payload))));
        }

        this.pump.Post(() => this.TryBeginExecution(instance));
    }

    void EndExecution(Execution execution)
    {
        execution.IsLive = false;
        execution.Instance.Execution = null;
        this.timers.RemoveAll(t => t.Execution == execution);
        if (execution.Scope is { } scope)
        {
            execution.Scope = null;
            _ = scope.DisposeAsync().AsTask();
        }
    }

    /// <summary>Delivers an external event to whatever execution of the instance is live when it is processed.</summary>
    void DeliverEvent(string instanceId, string eventName, string? payload)
    {
        if (!this.instances.TryGetValue(instanceId, out InstanceRecord? instance) || instance.IsTerminal)
        {
            return; // the real backends drop events for unknown or completed instances
        }

        if (instance.Execution is null || instance.Status == OrchestrationRuntimeStatus.Suspended)
        {
            instance.Held.Add(() => this.DeliverEvent(instanceId, eventName, payload));
            return;
        }

        Execution execution = instance.Execution;
        this.RunForExecution(execution, () => execution.Context.CompleteExternalEvent(eventName, payload));
    }

    void Terminate(string instanceId, string? serializedOutput, bool recursive)
    {
        if (!this.instances.TryGetValue(instanceId, out InstanceRecord? instance) || instance.IsTerminal)
        {
            return;
        }

        this.Finish(instance, OrchestrationRuntimeStatus.Terminated, serializedOutput, null);
        if (recursive)
        {
            foreach (InstanceRecord child in this.instances.Values.Where(i => i.Parent?.InstanceId == instanceId).ToArray())
            {
                this.Terminate(child.InstanceId, serializedOutput, recursive: true);
            }
        }
    }

    void Suspend(string instanceId)
    {
        if (this.instances.TryGetValue(instanceId, out InstanceRecord? instance)
            && !instance.IsTerminal && instance.Status != OrchestrationRuntimeStatus.Suspended)
        {
            instance.StatusBeforeSuspend = instance.Status;
            instance.Status = OrchestrationRuntimeStatus.Suspended;
            this.Touch(instance);
        }
    }

    void Resume(string instanceId)
    {
        if (this.instances.TryGetValue(instanceId, out InstanceRecord? instance)
            && instance.Status == OrchestrationRuntimeStatus.Suspended)
        {
            instance.Status = instance.StatusBeforeSuspend;
            this.Touch(instance);
            this.ReleaseHeld(instance);
            this.TryBeginExecution(instance);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Tasks scheduled by orchestrators: activities, timers, sub-orchestrations.
    // ---------------------------------------------------------------------------------------------

    /// <summary>Starts an activity on the thread pool; the task completes (on the pump) with its raw output.</summary>
    Task<string?> ScheduleActivity(Execution execution, TaskName name, string? serializedInput, int taskId)
    {
        TaskCompletionSource<string?> result = new();
        this.activityCalls.Add(name.Name);
        if (!this.activities.TryGetValue(name, out Func<IServiceProvider, ITaskActivity>? factory))
        {
            // Same failure the gRPC worker reports; not retried.
            CoreFailureDetails notFound = new(
                "ActivityTaskNotFound", $"No activity task named '{name.Name}' was found.", null, null, isNonRetriable: true);
            this.PostToExecution(execution, () => result.TrySetException(CoreTaskFailed(taskId, name, notFound)));
            return result.Task;
        }

        string instanceId = execution.Instance.InstanceId;
        Task<ActivityOutcome> work = Task.Run(() => this.ExecuteActivityAsync(factory, name, instanceId, serializedInput));
        this.activitiesInFlight.Add(new ActivityRun(name, taskId, execution, result, work));
        return result.Task;
    }

    async Task<ActivityOutcome> ExecuteActivityAsync(
        Func<IServiceProvider, ITaskActivity> factory, TaskName name, string instanceId, string? serializedInput)
    {
        InsideEngineWork.Value = true;
        AsyncServiceScope? scope = this.CreateScope();
        try
        {
            ITaskActivity activity = factory(scope?.ServiceProvider ?? this.services);
            object? input = this.Deserialize(serializedInput, activity.InputType);
            object? output = await activity.RunAsync(new ScriptedActivityContext(name, instanceId), input).ConfigureAwait(false);
            return new ActivityOutcome(this.converter.Serialize(output), null);
        }
        catch (Exception e)
        {
            return new ActivityOutcome(null, e);
        }
        finally
        {
            if (scope is { } s)
            {
                await s.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A durable timer: completes on the pump when the fake clock reaches <paramref name="fireAtUtc"/>.</summary>
    Task ScheduleTimer(Execution execution, DateTime fireAtUtc, CancellationToken cancellationToken)
    {
        TaskCompletionSource result = new();
        if (cancellationToken.IsCancellationRequested)
        {
            result.TrySetCanceled(cancellationToken);
            return result.Task;
        }

        DurableTimer timer = new(fireAtUtc, ++this.sequence, execution.Instance, () => this.PostToExecution(execution, () => result.TrySetResult()))
        {
            Execution = execution,
        };
        this.timers.Add(timer);
        if (cancellationToken.CanBeCanceled)
        {
            // Like DurableTask.Core: cancelling completes the task as cancelled; the timer is then irrelevant.
            cancellationToken.Register(() =>
            {
                lock (this.gate)
                {
                    this.timers.Remove(timer);
                }

                result.TrySetCanceled(cancellationToken);
            });
        }

        return result.Task;
    }

    /// <summary>Creates a child instance; the task completes (on the parent's pump) with its raw output.</summary>
    Task<string?> StartSubOrchestration(
        Execution parent, TaskName name, string instanceId, string? serializedInput, IDictionary<string, string>? tags, int taskId)
    {
        TaskCompletionSource<string?> result = new();
        InstanceRecord child = this.CreateInstance(
            name, instanceId, serializedInput, tags, null, new ParentOrchestrationInstance(parent.Instance.Name, parent.Instance.InstanceId));
        child.OnFinished = finished =>
        {
            string? output = finished.SerializedOutput;
            TaskFailureDetails? failure = finished.Status switch
            {
                OrchestrationRuntimeStatus.Completed => null,
                OrchestrationRuntimeStatus.Terminated => new TaskFailureDetails(
                    "Terminated", $"Sub-orchestration '{finished.InstanceId}' was terminated.", null, null, null),
                _ => finished.FailureDetails ?? new TaskFailureDetails("(unknown)", "(unknown)", null, null, null),
            };
            this.PostToExecution(parent, () =>
            {
                if (failure is null)
                {
                    result.TrySetResult(output);
                }
                else
                {
                    result.TrySetException(new CoreSubOrchestrationFailedException(-1, taskId, name.Name, string.Empty, failure.ErrorMessage, null)
                    {
                        FailureDetails = ToCore(failure),
                    });
                }
            });
        };
        return result.Task;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers.
    // ---------------------------------------------------------------------------------------------

    object? Deserialize(string? data, Type type) => data is null ? null : this.converter.Deserialize(data, type);

    T Deserialize<T>(string? data) => data is null ? default! : (T)this.converter.Deserialize(data, typeof(T))!;

    AsyncServiceScope? CreateScope()
        => this.services.GetService(typeof(IServiceScopeFactory)) is IServiceScopeFactory factory ? factory.CreateAsyncScope() : null;

    /// <summary>The DurableTask.Core exception the real engine hands to RetryPolicy.Handle for a failed activity.</summary>
    static CoreTaskFailedException CoreTaskFailed(int taskId, TaskName name, CoreFailureDetails details)
        => new(-1, taskId, name.Name, string.Empty, details.ErrorMessage, null) { FailureDetails = details };

    static CoreFailureDetails ToCore(TaskFailureDetails details)
        => new(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure is null ? null : ToCore(details.InnerFailure), false);

    OrchestrationMetadata Snapshot(InstanceRecord instance, bool getInputsAndOutputs) => new(instance.Name.Name, instance.InstanceId)
    {
        RuntimeStatus = instance.Status,
        CreatedAt = instance.CreatedAt,
        LastUpdatedAt = instance.LastUpdatedAt,

        // Like the real client: payloads only when asked for, but the DataConverter is always set, so
        // ReadOutputAs/ReadCustomStatusAs on a metadata fetched without the flag quietly return default.
        SerializedInput = getInputsAndOutputs ? instance.SerializedInput : null,
        SerializedOutput = getInputsAndOutputs ? instance.SerializedOutput : null,
        SerializedCustomStatus = getInputsAndOutputs ? instance.SerializedCustomStatus : null,
        FailureDetails = instance.FailureDetails,
        DataConverter = this.converter,
        Tags = instance.Tags,
    };

    string DescribeWhyNotDone(InstanceRecord instance)
    {
        DateTime? nextTimer = this.timers.Where(t => t.Instance == instance).Select(t => (DateTime?)t.FireAt).Min();
        string timerText = nextTimer is { } at ? $"its next timer fires at {at:O}" : "it has no pending timer (waiting for an event?)";
        return $"Orchestration '{instance.InstanceId}' ({instance.Name.Name}) is {instance.Status} at fake time "
            + $"{this.time.GetUtcNow():O} and cannot finish without advancing time or raising events; {timerText}.";
    }

    // ---------------------------------------------------------------------------------------------
    // Private types.
    // ---------------------------------------------------------------------------------------------

    /// <summary>
    /// Emulates the worker's single-threaded orchestration dispatcher: a queue of steps run one at a time by
    /// SettleAsync, with this context installed so orchestrator continuations are marshalled back here.
    /// </summary>
    sealed class OrchestratorPump : SynchronizationContext
    {
        readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> queue = new();

        public bool IsEmpty => this.queue.IsEmpty;

        public override void Post(SendOrPostCallback d, object? state) => this.queue.Enqueue((d, state));

        public void Post(Action action) => this.Post(static state => ((Action)state!)(), action);

        public override void Send(SendOrPostCallback d, object? state)
            => throw new NotSupportedException("Synchronous Send is not supported on the orchestration pump.");

        public override SynchronizationContext CreateCopy() => this;

        public bool RunOne(object gate)
        {
            if (!this.queue.TryDequeue(out (SendOrPostCallback Callback, object? State) item))
            {
                return false;
            }

            SynchronizationContext? previous = Current;
            lock (gate)
            {
                SetSynchronizationContext(this);
                InsideEngineWork.Value = true;
                try
                {
                    item.Callback(item.State);
                }
                finally
                {
                    InsideEngineWork.Value = false;
                    SetSynchronizationContext(previous);
                }
            }

            return true;
        }
    }

    /// <summary>What the backend's instance store keeps for one orchestration instance.</summary>
    sealed class InstanceRecord(string instanceId, TaskName name, DateTimeOffset createdAt, long sequence)
    {
        public string InstanceId { get; } = instanceId;
        public TaskName Name { get; } = name;
        public long Sequence { get; } = sequence;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public DateTimeOffset LastUpdatedAt { get; set; } = createdAt;
        public DateTimeOffset? StartAt { get; init; }
        public OrchestrationRuntimeStatus Status { get; set; } = OrchestrationRuntimeStatus.Pending;
        public OrchestrationRuntimeStatus StatusBeforeSuspend { get; set; }
        public string? SerializedInput { get; set; }
        public string? SerializedOutput { get; set; }
        public string? SerializedCustomStatus { get; set; }
        public TaskFailureDetails? FailureDetails { get; set; }
        public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
        public ParentOrchestrationInstance? Parent { get; init; }

        /// <summary>Set for sub-orchestrations: tells the parent about the outcome.</summary>
        public Action<InstanceRecord>? OnFinished { get; set; }

        /// <summary>The one live execution (null before start, between ContinueAsNew executions, and at the end).</summary>
        public Execution? Execution { get; set; }

        /// <summary>Deliveries waiting for the instance to start or resume, in arrival order.</summary>
        public List<Action> Held { get; } = new();

        public bool IsTerminal => this.Status is OrchestrationRuntimeStatus.Completed
            or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
    }

    /// <summary>One run of the orchestrator function (the real engine's execution id).</summary>
    sealed class Execution(InstanceRecord instance)
    {
        public InstanceRecord Instance { get; } = instance;
        public ScriptedOrchestrationContext Context { get; set; } = null!;
        public bool IsLive { get; set; } = true;
        public AsyncServiceScope? Scope { get; set; }
        public ContinueAsNewRequest? ContinueAsNew { get; set; }

        /// <summary>Unprocessed events to forward to the next execution (ContinueAsNew with preserve).</summary>
        public List<(string Name, string? Payload)> CarriedEvents { get; } = new();
    }

    sealed record ContinueAsNewRequest(string? SerializedInput, bool PreserveUnprocessedEvents);

    sealed class DurableTimer(DateTime fireAt, long sequence, InstanceRecord instance, Action fire)
    {
        public DateTime FireAt { get; } = fireAt;
        public long Sequence { get; } = sequence;
        public InstanceRecord Instance { get; } = instance;
        public Execution? Execution { get; init; }
        public void Fire() => fire();
    }

    sealed record ActivityRun(TaskName Name, int TaskId, Execution Execution, TaskCompletionSource<string?> Result, Task<ActivityOutcome> Work);

    sealed record ActivityOutcome(string? Output, Exception? Failure);

    sealed class ScriptedActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;
        public override string InstanceId { get; } = instanceId;
    }

    sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }

    /// <summary>A waiter for an external event; mirrors the SDK's EventTaskCompletionSource (a linked stack).</summary>
    interface IEventSource
    {
        Type EventType { get; }

        IEventSource? Next { get; set; }

        void TrySetResultObject(object? value);
    }

    sealed class EventSource<T> : TaskCompletionSource<T>, IEventSource
    {
        public Type EventType => typeof(T);

        public IEventSource? Next { get; set; }

        // TrySetResult fails silently if the waiter was cancelled: the event is lost, exactly as in SDK 1.28.
        public void TrySetResultObject(object? value) => this.TrySetResult((T)value!);
    }

    /// <summary>
    /// The orchestration context handed to orchestrator code. Mirrors the SDK's TaskOrchestrationContextWrapper,
    /// minus replay: every call acts immediately on the engine.
    /// </summary>
    sealed class ScriptedOrchestrationContext(ScriptedDurableEngine engine, Execution execution) : TaskOrchestrationContext
    {
        // SDK 1.28: one waiter stack per event name (newest on top), names compared case-insensitively.
        readonly Dictionary<string, IEventSource> waiters = new(StringComparer.OrdinalIgnoreCase);
        readonly Dictionary<string, Queue<string?>> bufferedEvents = new(StringComparer.OrdinalIgnoreCase);
        int newGuidCounter;
        int taskIdCounter;
        bool preserveUnprocessedEventsOnContinueAsNew;

        public object? Input { get; set; }

        public override TaskName Name => execution.Instance.Name;

        public override string InstanceId => execution.Instance.InstanceId;

        public override ParentOrchestrationInstance? Parent => execution.Instance.Parent;

        public override DateTime CurrentUtcDateTime => engine.time.GetUtcNow().UtcDateTime;

        public override bool IsReplaying => false;

        public override string Version => string.Empty;

        public override IReadOnlyDictionary<string, object?> Properties { get; } = new Dictionary<string, object?>();

        public override TaskOrchestrationEntityFeature Entities
            => throw new NotSupportedException("Durable entities are not supported by the ScriptedDurableEngine.");

        protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

        public override T GetInput<T>() => (T)this.Input!;

        public override async Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
        {
            if (input is TaskOptions && options is null)
            {
                // Same guard as the SDK.
                throw new ArgumentException(
                    "A TaskOptions value was provided for the activity input but no value was provided for options. "
                    + "Did you actually mean to provide a TaskOptions value for the options parameter?",
                    nameof(input));
            }

            string? serializedInput = engine.converter.Serialize(input);
            try
            {
                string? output = await this.WithRetryAsync(
                    options?.Retry, () => engine.ScheduleActivity(execution, name, serializedInput, this.NextTaskId()));
                return engine.Deserialize<TResult>(output);
            }
            catch (CoreTaskFailedException e)
            {
                // FailureDetails == TaskFailureDetails.FromException(activity exception); InnerException is the
                // DurableTask.Core exception, as on the real engine.
                throw new TaskFailedException(name.Name, e.ScheduleId, e);
            }
        }

        public override async Task<TResult> CallSubOrchestratorAsync<TResult>(
            TaskName orchestratorName, object? input = null, TaskOptions? options = null)
        {
            string instanceId = (options as SubOrchestrationOptions)?.InstanceId ?? this.NewGuid().ToString("N");
            string? serializedInput = engine.converter.Serialize(input);
            try
            {
                string? output = await this.WithRetryAsync(
                    options?.Retry,
                    () => engine.StartSubOrchestration(execution, orchestratorName, instanceId, serializedInput, options?.Tags, this.NextTaskId()));
                return engine.Deserialize<TResult>(output);
            }
            catch (CoreSubOrchestrationFailedException e)
            {
                throw new TaskFailedException(orchestratorName.Name, e.ScheduleId, TaskFailureDetails.FromException(e));
            }
        }

        public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
        {
            this.NextTaskId();
            return engine.ScheduleTimer(execution, fireAt.ToUniversalTime(), cancellationToken); // SDK also calls ToUniversalTime
        }

        public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
        {
            // SDK 1.28 semantics, step by step: push the new waiter on top of the stack, then hand it a buffered
            // event if one is waiting, then hook cancellation (which only cancels the task; the waiter stays).
            EventSource<T> source = new();
            if (this.waiters.TryGetValue(eventName, out IEventSource? top))
            {
                if (top.EventType != typeof(T))
                {
                    throw new ArgumentException("Events with the same name must have the same type argument. Expected"
                        + $" {top.EventType.FullName} but was requested {typeof(T).FullName}.");
                }

                source.Next = top;
            }

            this.waiters[eventName] = source;
            if (this.bufferedEvents.TryGetValue(eventName, out Queue<string?>? buffer) && buffer.Count > 0)
            {
                string? payload = buffer.Dequeue();
                if (buffer.Count == 0)
                {
                    this.bufferedEvents.Remove(eventName);
                }

                this.CompleteExternalEvent(eventName, payload);
            }

            cancellationToken.Register(() => source.TrySetCanceled(cancellationToken));
            return source.Task;
        }

        /// <summary>An event reached this execution: the top waiter gets it, otherwise it is buffered.</summary>
        public void CompleteExternalEvent(string eventName, string? payload)
        {
            if (this.waiters.TryGetValue(eventName, out IEventSource? waiter))
            {
                if (waiter.Next is null)
                {
                    this.waiters.Remove(eventName);
                }
                else
                {
                    this.waiters[eventName] = waiter.Next;
                }

                waiter.TrySetResultObject(engine.Deserialize(payload, waiter.EventType));
            }
            else if (this.preserveUnprocessedEventsOnContinueAsNew)
            {
                execution.CarriedEvents.Add((eventName, payload));
            }
            else
            {
                if (!this.bufferedEvents.TryGetValue(eventName, out Queue<string?>? buffer))
                {
                    this.bufferedEvents[eventName] = buffer = new Queue<string?>();
                }

                buffer.Enqueue(payload);
            }
        }

        public override void SendEvent(string instanceId, string eventName, object payload)
        {
            string? serialized = engine.converter.Serialize(payload);
            engine.pump.Post(() => engine.DeliverEvent(instanceId, eventName, serialized));
        }

        public override void SetCustomStatus(object? customStatus)
        {
            // Serialized now (the SDK serializes at the end of the episode; same value unless mutated later).
            execution.Instance.SerializedCustomStatus = engine.converter.Serialize(customStatus);
            engine.Touch(execution.Instance);
        }

        public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
            => this.ContinueAsNew(new ContinueAsNewOptions { NewInput = newInput, PreserveUnprocessedEvents = preserveUnprocessedEvents });

        public override void ContinueAsNew(ContinueAsNewOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);

            // Takes effect when the orchestrator function returns, as on the real engine.
            this.preserveUnprocessedEventsOnContinueAsNew = options.PreserveUnprocessedEvents;
            execution.ContinueAsNew = new ContinueAsNewRequest(engine.converter.Serialize(options.NewInput), options.PreserveUnprocessedEvents);
            if (options.PreserveUnprocessedEvents)
            {
                foreach ((string name, Queue<string?> queue) in this.bufferedEvents)
                {
                    foreach (string? payload in queue)
                    {
                        execution.CarriedEvents.Add((name, payload));
                    }
                }

                this.bufferedEvents.Clear();
            }
        }

        public override Guid NewGuid()
        {
            // Deterministic name-based GUID (version 5 layout) from instance id, current time and a counter.
            string name = string.Concat(
                this.InstanceId, "_", this.CurrentUtcDateTime.ToString("o", CultureInfo.InvariantCulture), "_",
                this.newGuidCounter++.ToString(CultureInfo.InvariantCulture));
            byte[] bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name))[..16];
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes);
        }

        int NextTaskId() => this.taskIdCounter++;

        Task<string?> WithRetryAsync(TaskRetryOptions? retry, Func<Task<string?>> attempt)
        {
            if (retry?.Policy is { } policy)
            {
                return this.RetryWithPolicyAsync(policy, attempt);
            }

            if (retry?.Handler is { } handler)
            {
                return this.RetryWithHandlerAsync(handler, attempt);
            }

            return attempt();
        }

        /// <summary>DurableTask.Core's RetryInterceptor, with durable timers on the fake clock between attempts.</summary>
        async Task<string?> RetryWithPolicyAsync(RetryPolicy policy, Func<Task<string?>> attempt)
        {
            DateTime firstAttempt = this.CurrentUtcDateTime;
            CoreOrchestrationException? lastFailure = null;
            for (int retryCount = 0; retryCount < policy.MaxNumberOfAttempts; retryCount++)
            {
                try
                {
                    return await attempt();
                }
                catch (CoreOrchestrationException e) when (e.FailureDetails?.IsNonRetriable != true)
                {
                    lastFailure = e;
                }

                if (retryCount + 1 == policy.MaxNumberOfAttempts)
                {
                    break;
                }

                TimeSpan delay = this.NextRetryDelay(policy, retryCount, firstAttempt, lastFailure);
                if (delay == TimeSpan.Zero)
                {
                    break;
                }

                await this.CreateTimer(this.CurrentUtcDateTime.Add(delay), CancellationToken.None);
            }

            ExceptionDispatchInfo.Capture(lastFailure!).Throw();
            throw new UnreachableException();
        }

        TimeSpan NextRetryDelay(RetryPolicy policy, int retryCount, DateTime firstAttempt, Exception failure)
        {
            try
            {
                // Handle (also what RetryPolicy.HandleFailure sets) gets the DurableTask.Core exception, as for real.
                // RetryPolicy.HandleAsync is ignored, as it is by SDK 1.28's conversion to core retry options.
                if (!policy.Handle(failure))
                {
                    return TimeSpan.Zero;
                }

                DateTime expiration = policy.RetryTimeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : firstAttempt.Add(policy.RetryTimeout);
                if (this.CurrentUtcDateTime >= expiration)
                {
                    return TimeSpan.Zero;
                }

                double delayMs = policy.FirstRetryInterval.TotalMilliseconds * Math.Pow(policy.BackoffCoefficient, retryCount);
                TimeSpan max = policy.MaxRetryInterval == Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue : policy.MaxRetryInterval;
                return delayMs < max.TotalMilliseconds ? TimeSpan.FromMilliseconds(delayMs) : max;
            }
            catch (Exception)
            {
                return TimeSpan.Zero; // a throwing Handle stops the retries, like the real interceptor
            }
        }

        /// <summary>The SDK's InvokeWithCustomRetryHandler.</summary>
        async Task<string?> RetryWithHandlerAsync(AsyncRetryHandler handler, Func<Task<string?>> attempt)
        {
            DateTime start = this.CurrentUtcDateTime;
            int failureCount = 0;
            while (true)
            {
                try
                {
                    return await attempt();
                }
                catch (CoreOrchestrationException e) when (e.FailureDetails?.IsNonRetriable != true)
                {
                    failureCount++;
                    RetryContext context = new(
                        this, failureCount, TaskFailureDetails.FromException(e), this.CurrentUtcDateTime - start, CancellationToken.None);
                    if (!await handler(context) || failureCount == int.MaxValue)
                    {
                        throw;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The client. Calls only change the in-memory store or enqueue work; orchestrator code runs in
    /// SettleAsync/AdvanceToAsync (WaitFor* settle first). Unsupported operations keep the base class's
    /// NotSupportedException (restart, rewind, history, entities, ...).
    /// </summary>
    sealed class ScriptedClient(ScriptedDurableEngine engine) : DurableTaskClient("scripted")
    {
        public override Task<string> ScheduleNewOrchestrationInstanceAsync(
            TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
            => Run(() =>
            {
                cancellation.ThrowIfCancellationRequested();
                string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");

                // The gRPC client parses DedupeStatuses the same way (case-insensitive enum names).
                HashSet<OrchestrationRuntimeStatus>? dedupe = options?.DedupeStatuses?.Select(ParseDedupeStatus).ToHashSet();
                string? serializedInput = engine.converter.Serialize(input);
                lock (engine.gate)
                {
                    if (dedupe is not null && engine.instances.TryGetValue(instanceId, out InstanceRecord? existing) && dedupe.Contains(existing.Status))
                    {
                        // What GrpcDurableTaskClient throws when the backend answers AlreadyExists.
                        throw new OrchestrationAlreadyExistsException(
                            $"An orchestration with id '{instanceId}' already exists. It's in the {existing.Status} state.");
                    }

                    engine.CreateInstance(orchestratorName, instanceId, serializedInput, options?.Tags, options?.StartAt, null);
                }

                return instanceId;
            });

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
            => Run(() =>
            {
                ArgumentException.ThrowIfNullOrEmpty(instanceId);
                ArgumentException.ThrowIfNullOrEmpty(eventName);
                string? payload = engine.converter.Serialize(eventPayload);
                engine.pump.Post(() => engine.DeliverEvent(instanceId, eventName, payload));
                return true;
            });

        public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
            => Run(() =>
            {
                ArgumentException.ThrowIfNullOrEmpty(instanceId);
                string? output = engine.converter.Serialize(options?.Output);
                bool recursive = options?.Recursive ?? false;
                engine.pump.Post(() => engine.Terminate(instanceId, output, recursive));
                return true;
            });

        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
            => Run(() =>
            {
                ArgumentException.ThrowIfNullOrEmpty(instanceId);
                engine.pump.Post(() => engine.Suspend(instanceId));
                return true;
            });

        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
            => Run(() =>
            {
                ArgumentException.ThrowIfNullOrEmpty(instanceId);
                engine.pump.Post(() => engine.Resume(instanceId));
                return true;
            });

        public override Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
            => this.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
            => Run(() =>
            {
                lock (engine.gate)
                {
                    return engine.instances.TryGetValue(instanceId, out InstanceRecord? instance) ? engine.Snapshot(instance, getInputsAndOutputs) : null;
                }
            });

        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
        {
            OrchestrationQuery query = filter ?? new OrchestrationQuery();
            return Pageable.Create((string? continuation, int? pageSizeHint, CancellationToken cancellation) => Run(() =>
            {
                int skip = continuation is null ? 0 : int.Parse(continuation, CultureInfo.InvariantCulture);
                int pageSize = pageSizeHint ?? query.PageSize;
                pageSize = pageSize > 0 ? pageSize : OrchestrationQuery.DefaultPageSize;
                lock (engine.gate)
                {
                    List<InstanceRecord> matches = engine.instances.Values.Where(i => Matches(i, query)).OrderBy(i => i.Sequence).ToList();
                    List<OrchestrationMetadata> page = matches.Skip(skip).Take(pageSize).Select(i => engine.Snapshot(i, query.FetchInputsAndOutputs)).ToList();
                    int next = skip + page.Count;
                    return new Page<OrchestrationMetadata>(page, next < matches.Count ? next.ToString(CultureInfo.InvariantCulture) : null);
                }
            }));
        }

        public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(
            string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        {
            cancellation.ThrowIfCancellationRequested();
            await engine.SettleAsync().ConfigureAwait(false);
            lock (engine.gate)
            {
                InstanceRecord instance = this.GetExisting(instanceId);
                if (instance.Status == OrchestrationRuntimeStatus.Pending)
                {
                    throw new InvalidOperationException(
                        $"Orchestration '{instanceId}' is scheduled to start at {instance.StartAt:O}; advance the fake clock to start it.");
                }

                return engine.Snapshot(instance, getInputsAndOutputs);
            }
        }

        public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
            string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        {
            cancellation.ThrowIfCancellationRequested();
            await engine.SettleAsync().ConfigureAwait(false);
            lock (engine.gate)
            {
                InstanceRecord instance = this.GetExisting(instanceId);
                if (!instance.IsTerminal)
                {
                    throw new InvalidOperationException(engine.DescribeWhyNotDone(instance));
                }

                return engine.Snapshot(instance, getInputsAndOutputs);
            }
        }

        public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
            => Run(() =>
            {
                lock (engine.gate)
                {
                    return new PurgeResult(this.Purge(instanceId, options?.Recursive ?? false));
                }
            });

        public override Task<PurgeResult> PurgeAllInstancesAsync(
            PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
            => Run(() =>
            {
                lock (engine.gate)
                {
                    string[] ids = engine.instances.Values
                        .Where(i => i.IsTerminal
                            && (filter?.CreatedFrom is not { } from || i.CreatedAt >= from)
                            && (filter?.CreatedTo is not { } to || i.CreatedAt <= to)
                            && (filter?.Statuses is not { } statuses || !statuses.Any() || statuses.Contains(i.Status)))
                        .Select(i => i.InstanceId)
                        .ToArray();
                    int count = ids.Sum(id => this.Purge(id, options?.Recursive ?? false));
                    return new PurgeResult(count, true);
                }
            });

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

        /// <summary>Only terminal instances are purged (non-terminal ones count 0).</summary>
        int Purge(string instanceId, bool recursive)
        {
            if (!engine.instances.TryGetValue(instanceId, out InstanceRecord? instance) || !instance.IsTerminal)
            {
                return 0;
            }

            engine.instances.Remove(instanceId);
            int count = 1;
            if (recursive)
            {
                foreach (InstanceRecord child in engine.instances.Values.Where(i => i.Parent?.InstanceId == instanceId).ToArray())
                {
                    count += this.Purge(child.InstanceId, recursive: true);
                }
            }

            return count;
        }

        InstanceRecord GetExisting(string instanceId)
            => engine.instances.TryGetValue(instanceId, out InstanceRecord? instance)
                ? instance
                : throw new InvalidOperationException($"No orchestration instance with ID '{instanceId}' exists.");

        static bool Matches(InstanceRecord instance, OrchestrationQuery query)
            => (query.InstanceIdPrefix is not { Length: > 0 } prefix || instance.InstanceId.StartsWith(prefix, StringComparison.Ordinal))
                && (query.Statuses is not { } statuses || !statuses.Any() || statuses.Contains(instance.Status))
                && (query.CreatedFrom is not { } from || instance.CreatedAt >= from)
                && (query.CreatedTo is not { } to || instance.CreatedAt <= to);

        static OrchestrationRuntimeStatus ParseDedupeStatus(string status)
            => Enum.TryParse(status, ignoreCase: true, out OrchestrationRuntimeStatus parsed)
                ? parsed
                : throw new ArgumentException($"Invalid orchestration runtime status: '{status}' for deduplication.");

        /// <summary>Runs synchronously but reports exceptions through the returned task, like an async method.</summary>
        static Task<T> Run<T>(Func<T> body)
        {
            try
            {
                return Task.FromResult(body());
            }
            catch (OperationCanceledException e)
            {
                return Task.FromCanceled<T>(e.CancellationToken.IsCancellationRequested ? e.CancellationToken : new CancellationToken(true));
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
        }
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Durable.History;
using Serverless.Durable.Messaging;
using Serverless.Durable.Replay;
using Serverless.Durable.Storage;

namespace Serverless.Durable.Worker;

/// <summary>
/// Runs orchestration steps and activities from queue messages. <see cref="ProcessControlMessagesAsync"/> and
/// <see cref="ProcessWorkItemAsync"/> are the dispatcher a queue-triggered function calls; <see cref="RunAsync"/> is
/// the local host's poller over the same methods. Each step is one atomic commit guarded by the instance's ETag;
/// a worker that loses the race releases its messages to reappear.
/// </summary>
public sealed class DurableTaskWorker
{
    private readonly IDurableBackend _backend;
    private readonly DurableTaskRegistry _registry;
    private readonly TimeProvider _time;
    private readonly DurableTaskWorkerOptions _options;
    private readonly ILogger _logger;
    private readonly InstanceCache _cache = new(10_000);
    private int _active;
    private Nudge[] _controlNudges = [];
    private readonly Nudge _workItemNudge = new();

    public DurableTaskWorker(IDurableBackend backend, DurableTaskRegistry registry, TimeProvider? time = null, DurableTaskWorkerOptions? options = null, ILogger? logger = null)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _time = time ?? TimeProvider.System;
        _options = options ?? new DurableTaskWorkerOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Messages being processed right now (a host waiting to go idle, or a test waiting to settle, reads it).</summary>
    public int ActiveMessages => Volatile.Read(ref _active);

    /// <summary>Polls every control queue and the work-item queue until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _backend.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        _controlNudges = [.. Enumerable.Range(0, _backend.ControlQueueCount).Select(_ => new Nudge())];
        var loops = Enumerable.Range(0, _backend.ControlQueueCount)
            .Select(partition => PollAsync(ct => _backend.ReceiveControlAsync(partition, _options.ControlBatchSize, _options.MessageVisibility, ct), ProcessControlMessagesAsync, _controlNudges[partition], cancellationToken))
            .Append(PollWorkItemsAsync(cancellationToken));
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    /// <summary>
    /// Processes every message visible now, repeatedly, until none is left: how tests on a fake clock drive the worker
    /// (advance the clock, then drain). Returns how many messages were processed.
    /// </summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var processed = 0;
            for (var partition = 0; partition < _backend.ControlQueueCount; partition++)
            {
                var batch = await _backend.ReceiveControlAsync(partition, _options.ControlBatchSize, _options.MessageVisibility, cancellationToken).ConfigureAwait(false);
                processed += batch.Count;
                await ProcessControlMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            var workItems = await _backend.ReceiveWorkItemsAsync(_options.WorkItemBatchSize, _options.WorkItemVisibility, cancellationToken).ConfigureAwait(false);
            processed += workItems.Count;
            foreach (var workItem in workItems)
            {
                await ProcessWorkItemAsync(workItem, cancellationToken).ConfigureAwait(false);
            }

            if (processed == 0)
            {
                return total;
            }

            total += processed;
        }
    }

    /// <summary>Applies a batch of control messages, one step per instance.</summary>
    public async Task ProcessControlMessagesAsync(IReadOnlyList<ReceivedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await InParallelAsync(messages.GroupBy(m => m.Message.InstanceId, StringComparer.Ordinal), async (group, ct) =>
        {
            try
            {
                await ProcessInstanceAsync(group.Key, [.. group], ct).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                _cache.Forget(group.Key);
                _logger.LogWarning(error, "Step of instance {InstanceId} failed; its messages will reappear.", group.Key);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies one control message delivered by a queue-triggered function. Unlike the pollers' batch method, a failure
    /// is thrown, so the Functions host retries the message and poisons it in the end; a lost ETag race is not a
    /// failure: a fresh copy of the message is queued and this delivery succeeds.
    /// </summary>
    public Task ProcessControlMessageAsync(ReceivedMessage received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        return ProcessInstanceAsync(received.Message.InstanceId, [received], cancellationToken);
    }

    /// <summary>Runs one activity and reports its result to the orchestration that asked for it.</summary>
    public async Task ProcessWorkItemAsync(ReceivedMessage received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        var request = received.Message;
        if (received.DequeueCount > _options.MaxDequeueCount)
        {
            await _backend.MoveToPoisonAsync(received, $"Activity '{request.Name}' was dequeued {received.DequeueCount} times without completing.", cancellationToken).ConfigureAwait(false);
            await SendAsync(new OutboxMessage(Reply(request, WorkMessageKind.TaskFailed) with
            {
                Failure = new TaskFailureDetails("PoisonMessage", $"Activity '{request.Name}' was abandoned after {received.DequeueCount - 1} attempts.", null),
            }), cancellationToken).ConfigureAwait(false);
            return;
        }

        var reply = await RunActivityAsync(request, cancellationToken).ConfigureAwait(false);
        await SendAsync(new OutboxMessage(reply), cancellationToken).ConfigureAwait(false);
        await _backend.DeleteAsync(received, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one activity and builds its reply; the reply's id derives from the request, so a re-run's reply is a duplicate.</summary>
    private async Task<WorkMessage> RunActivityAsync(WorkMessage request, CancellationToken cancellationToken)
    {
        using var span = DurableTelemetry.Source.StartActivity($"activity {request.Name}", System.Diagnostics.ActivityKind.Internal);
        span?.SetTag("durable.instance_id", request.InstanceId);
        span?.SetTag("durable.function", request.Name);
        DurableTelemetry.Activities.Add(1, new KeyValuePair<string, object?>("function", request.Name));
        if (!_registry.TryGetActivity(request.Name!, out var activity))
        {
            return Reply(request, WorkMessageKind.TaskFailed) with
            {
                Failure = new TaskFailureDetails(typeof(InvalidOperationException).FullName!, $"No activity named '{request.Name}' is registered.", null),
            };
        }

        try
        {
            var output = await activity(new TaskActivityContext(request.Name!, request.InstanceId, request.TaskId!.Value, cancellationToken), request.Payload).ConfigureAwait(false);
            return Reply(request, WorkMessageKind.TaskCompleted) with { Payload = output };
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Reply(request, WorkMessageKind.TaskFailed) with { Failure = TaskFailureDetails.FromException(error) };
        }
    }

    /// <summary>
    /// A step whose only messages are activities this process can run is continued here, within a time budget and
    /// step count, instead of through the work-item queue (options <see cref="DurableTaskWorkerOptions.InlineActivities"/>).
    /// </summary>
    private bool CanRunInline(InstanceCommit commit, int chained, DateTimeOffset chainStarted)
        => _options.InlineActivities
            && commit.Outbox.Count > 0
            && commit.Outbox.Count <= _options.InlineActivityLimit
            && chained < _options.MaxInlineSteps
            && _time.GetUtcNow() - chainStarted < _options.InlineTimeBudget
            && commit.Outbox.All(o => o.Message.IsActivity && o.VisibleAt is null && _registry.TryGetActivity(o.Message.Name!, out _));

    private static WorkMessage Reply(WorkMessage request, WorkMessageKind kind)
        => new($"{request.Id}|done", kind, request.InstanceId) { ExecutionId = request.ExecutionId, TaskId = request.TaskId };

    private async Task PollAsync(
        Func<CancellationToken, Task<IReadOnlyList<ReceivedMessage>>> receive,
        Func<IReadOnlyList<ReceivedMessage>, CancellationToken, Task> process,
        Nudge nudge,
        CancellationToken cancellationToken)
    {
        var idle = _options.IdlePollDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await receive(cancellationToken).ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    idle = _options.IdlePollDelay;
                    Interlocked.Add(ref _active, batch.Count);
                    try
                    {
                        await process(batch, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        Interlocked.Add(ref _active, -batch.Count);
                    }

                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                _logger.LogWarning(error, "Polling failed; retrying.");
            }

            try
            {
                await nudge.WaitAsync(idle, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxIdlePollDelay.Ticks));
        }
    }

    private Task PollWorkItemsAsync(CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(_options.MaxConcurrentActivities);
        return PollAsync(
            ct => _backend.ReceiveWorkItemsAsync(_options.WorkItemBatchSize, _options.WorkItemVisibility, ct),
            async (batch, ct) => await Task.WhenAll(batch.Select(async m =>
            {
                try
                {
                    await ProcessWorkItemAsync(m, ct).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    _logger.LogWarning(error, "Activity message {MessageId} failed; it will reappear.", m.Message.Id);
                }
            })).ConfigureAwait(false),
            _workItemNudge,
            cancellationToken);
    }

    private async Task ProcessInstanceAsync(string instanceId, List<ReceivedMessage> received, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = new List<ReceivedMessage>();
        foreach (var message in received)
        {
            if (message.Message.Kind == WorkMessageKind.TimerFired && message.Message.FireAt > now)
            {
                // Re-armed as a fresh message, so waiting out a long timer never counts towards the poison limit.
                await SendAsync(new OutboxMessage(message.Message, message.Message.FireAt), cancellationToken).ConfigureAwait(false);
                await _backend.DeleteAsync(message, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                due.Add(message);
            }
        }

        if (due.Count == 0)
        {
            return;
        }

        var fromCache = _cache.TryGet(instanceId, out var record);
        if (!fromCache)
        {
            record = await LoadAndResendAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }

        var poisoned = due.Where(m => m.DequeueCount > _options.MaxDequeueCount).ToList();
        var poisonReason = poisoned.Count > 0 ? PoisonReason(poisoned) : null;
        var step = InstanceStep.Plan(record, due, now, _registry, poisonReason);
        if (step.Commit is null && fromCache)
        {
            // Nothing to do by the cached copy (finished, or the messages look applied): check storage before dropping them.
            _cache.Forget(instanceId);
            record = await LoadAndResendAsync(instanceId, cancellationToken).ConfigureAwait(false);
            step = InstanceStep.Plan(record, due, now, _registry, poisonReason);
        }
        var chainStarted = _time.GetUtcNow();
        var before = record?.State;
        IReadOnlyList<OutboxMessage> inlineResults = [];
        for (var chained = 0; step.Commit is { } commit; chained++)
        {
            string etag;
            using var span = DurableTelemetry.Source.StartActivity($"orchestration {commit.State.Name}", System.Diagnostics.ActivityKind.Internal);
            span?.SetTag("durable.instance_id", instanceId);
            span?.SetTag("durable.function", commit.State.Name);
            span?.SetTag("durable.status", commit.State.Status.ToString());
            try
            {
                etag = await _backend.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
                DurableTelemetry.Steps.Add(1, new KeyValuePair<string, object?>("function", commit.State.Name));
            }
            catch (ConcurrencyConflictException)
            {
                DurableTelemetry.Conflicts.Add(1);
                // Another worker moved the instance on, or this very commit landed and only its response was lost.
                // Either way the outbox in storage may be unsent: the messages' reappearance reloads and re-sends it.
                _cache.Forget(instanceId);
                if (chained == 0)
                {
                    // Another worker moved the instance on: the messages go back as fresh copies (same ids), since
                    // losing a race is not the message's fault and must not count towards the poison limit.
                    foreach (var message in due)
                    {
                        await _backend.SendAsync(new OutboxMessage(message.Message), cancellationToken).ConfigureAwait(false);
                        await _backend.DeleteAsync(message, cancellationToken).ConfigureAwait(false);
                    }

                    return;
                }

                // The messages were applied by the chain's first step and will be deleted, so nothing would reload: do it
                // now (re-sending any outbox left unsent). The results of activities run in place go out as ordinary
                // messages rather than being dropped; receivers drop what they already applied.
                record = await LoadAndResendAsync(instanceId, cancellationToken).ConfigureAwait(false);
                await InParallelAsync(inlineResults, SendAsync, cancellationToken).ConfigureAwait(false);
                break;
            }

            var committed = new InstanceRecord(commit.State, step.History, [], etag);
            record = committed;

            // A cached copy says "outbox sent": it is cached only once it is. Until then another step of this instance
            // in this process loads from storage, sends the outbox itself, and only then commits over the pointer to it.
            if (commit.Outbox.Count == 0)
            {
                _cache.Put(committed);
            }
            else
            {
                _cache.Forget(instanceId);
            }

            if (CanRunInline(commit, chained, chainStarted))
            {
                // The step's outbox is committed (a crash re-sends it); running its activities here saves every queue round-trip.
                var completions = await InParallelAsync(commit.Outbox, (outbound, ct) => RunActivityAsync(outbound.Message, ct), cancellationToken).ConfigureAwait(false);
                inlineResults = [.. completions.Select(c => new OutboxMessage(c))];
                step = InstanceStep.Plan(record, [.. completions.Select(c => new ReceivedMessage(c, "inline", c.Id, string.Empty, 1))], _time.GetUtcNow(), _registry, null);
                continue;
            }

            await InParallelAsync(commit.Outbox, SendAsync, cancellationToken).ConfigureAwait(false);
            if (commit.Outbox.Count > 0 && commit.State.IsTerminal)
            {
                etag = await _backend.MarkOutboxSentAsync(instanceId, etag, cancellationToken).ConfigureAwait(false) ?? etag;
            }

            if (commit.Outbox.Count > 0)
            {
                _cache.Put(committed with { ETag = etag });
            }

            break;
        }

        // The status index is updated once per chain of steps, when what it shows changed.
        if (record is not null && (before is null || before.Status != record.State.Status || before.CustomStatus != record.State.CustomStatus))
        {
            await _backend.UpdateIndexAsync(record.State, cancellationToken).ConfigureAwait(false);
        }

        foreach (var message in poisoned)
        {
            await _backend.MoveToPoisonAsync(message, PoisonReason(poisoned), cancellationToken).ConfigureAwait(false);
        }

        await InParallelAsync(due.Except(poisoned), _backend.DeleteAsync, cancellationToken).ConfigureAwait(false);
    }

    private static string PoisonReason(List<ReceivedMessage> poisoned)
        => $"Message {poisoned[0].Message.Kind} ({poisoned[0].Message.Id}) was dequeued {poisoned[0].DequeueCount} times without being applied.";

    private async Task<InstanceRecord?> LoadAndResendAsync(string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var record = await _backend.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (record is null || record.PendingOutbox.Count == 0)
            {
                return record;
            }

            // A worker crashed between commit and send: send again; receivers drop what they already applied.
            await InParallelAsync(record.PendingOutbox, SendAsync, cancellationToken).ConfigureAwait(false);

            // The acknowledgement fails when another host committed meanwhile; the outbox it left may be unsent
            // (that host may have died too), so it is loaded and sent in turn: a step never commits over an unsent outbox.
            var etag = await _backend.MarkOutboxSentAsync(instanceId, record.ETag, cancellationToken).ConfigureAwait(false);
            if (etag is not null)
            {
                return record with { PendingOutbox = [], ETag = etag };
            }
        }
    }

    /// <summary>Storage requests of one step (sends, deletes, instances of a batch) go out side by side: each costs a round-trip.</summary>
    private Task InParallelAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> action, CancellationToken cancellationToken)
        => Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = _options.StorageParallelism, CancellationToken = cancellationToken }, async (item, ct) => await action(item, ct).ConfigureAwait(false));

    private async Task<TResult[]> InParallelAsync<T, TResult>(IReadOnlyList<T> items, Func<T, CancellationToken, Task<TResult>> action, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentActivities, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await action(items[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>Sends a message and wakes this process's poller of its queue, so a step's next step starts at once.</summary>
    private async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        await _backend.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.VisibleAt is not null)
        {
            return;
        }

        if (message.Message.IsActivity)
        {
            _workItemNudge.Signal();
        }
        else if (_controlNudges.Length > 0)
        {
            _controlNudges[ControlQueuePartitioner.PartitionOf(message.Message.InstanceId, _controlNudges.Length)].Signal();
        }
    }

    internal static HistoryEvent StartedAt(DateTimeOffset now) => new(HistoryEventType.OrchestratorStarted) { Timestamp = now };
}

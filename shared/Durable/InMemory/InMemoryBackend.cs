using System.Globalization;
using Serverless.Durable.History;
using Serverless.Durable.Messaging;
using Serverless.Durable.Storage;

namespace Serverless.Durable.InMemory;

/// <summary>
/// A task hub in memory with the Azure backend's semantics (ETag-guarded commits, queue visibility, dequeue counts,
/// poison queue) and an injectable clock, for fast tests of orchestrations and of the runtime itself.
/// </summary>
public sealed class InMemoryBackend : IDurableBackend
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Partition> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstanceState> _index = new(StringComparer.Ordinal);
    private readonly InMemoryQueue[] _control;
    private readonly InMemoryQueue _workItems;
    private readonly TimeProvider _time;
    private long _version;

    /// <summary>Azure queues hide a message for at most 7 days; the same limit here makes long timers re-arm in tests too.</summary>
    public static TimeSpan MaxVisibilityDelay { get; } = TimeSpan.FromDays(7);

    public InMemoryBackend(TimeProvider? time = null, int controlQueueCount = 4)
    {
        _time = time ?? TimeProvider.System;
        _control = [.. Enumerable.Range(0, controlQueueCount).Select(i => new InMemoryQueue($"control-{i:D2}", _time))];
        _workItems = new InMemoryQueue("workitems", _time);
        Poison = new InMemoryQueue("poison", _time);
    }

    public int ControlQueueCount => _control.Length;

    internal InMemoryQueue Poison { get; }

    /// <summary>Messages waiting on the poison queue (for tests and operators).</summary>
    public int PoisonCount => Poison.Count;

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<InstanceRecord?> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var partition)
                ? new InstanceRecord(partition.State, [.. partition.History], [.. partition.PendingOutbox], partition.ETag)
                : null);
        }
    }

    public Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var partition) ? partition.State : null);
        }
    }

    public Task<string> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var instanceId = commit.State.InstanceId;
        lock (_gate)
        {
            _instances.TryGetValue(instanceId, out var current);
            if (commit.ExpectedETag is null ? current is not null : current?.ETag != commit.ExpectedETag)
            {
                throw new ConcurrencyConflictException(instanceId);
            }

            var history = commit.NewExecution || current is null ? new List<HistoryEvent>() : [.. current.History];
            history.AddRange(commit.NewEvents);
            var etag = (++_version).ToString(CultureInfo.InvariantCulture);
            _instances[instanceId] = new Partition(commit.State, history, [.. commit.Outbox], etag);
            return Task.FromResult(etag);
        }
    }

    public Task<string?> MarkOutboxSentAsync(string instanceId, string etag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var current) || current.ETag != etag)
            {
                return Task.FromResult<string?>(null);
            }

            var next = current with { PendingOutbox = [], ETag = (++_version).ToString(CultureInfo.InvariantCulture) };
            _instances[instanceId] = next;
            return Task.FromResult<string?>(next.ETag);
        }
    }

    public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = _time.GetUtcNow();
        var visibleAt = message.VisibleAt is { } at && at > now ? at : now;
        if (visibleAt > now + MaxVisibilityDelay)
        {
            visibleAt = now + MaxVisibilityDelay;
        }

        var queue = message.Message.IsActivity ? _workItems : _control[ControlQueuePartitioner.PartitionOf(message.Message.InstanceId, _control.Length)];
        queue.Add(message.Message, visibleAt);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveControlAsync(int partition, int maxMessages, TimeSpan visibility, CancellationToken cancellationToken)
        => Task.FromResult(_control[partition].Receive(maxMessages, visibility));

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveWorkItemsAsync(int maxMessages, TimeSpan visibility, CancellationToken cancellationToken)
        => Task.FromResult(_workItems.Receive(maxMessages, visibility));

    public Task DeleteAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        if (message?.IsHostOwned == true)
        {
            return Task.CompletedTask;
        }

        QueueOf(message!).Delete(message!);
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (message?.IsHostOwned == true)
        {
            throw new InvalidOperationException($"Message {message.Message.Id} must be retried: the Functions host makes it visible again.");
        }

        QueueOf(message!).Release(message!, delay);
        return Task.CompletedTask;
    }

    public Task MoveToPoisonAsync(ReceivedMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Poison.Add(message.Message with { Payload = reason }, _time.GetUtcNow());
        if (!message.IsHostOwned)
        {
            QueueOf(message).Delete(message);
        }

        return Task.CompletedTask;
    }

    public Task UpdateIndexAsync(InstanceState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            _index[state.InstanceId] = state;
        }

        return Task.CompletedTask;
    }

    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var skip = query.ContinuationToken is null ? 0 : int.Parse(query.ContinuationToken, CultureInfo.InvariantCulture);
            var matching = _index.Values.Where(query.Matches).OrderBy(s => s.CreatedAt).ThenBy(s => s.InstanceId, StringComparer.Ordinal).ToList();
            var page = matching.Skip(skip).Take(query.PageSize).ToList();
            var next = skip + page.Count < matching.Count ? (skip + page.Count).ToString(CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new InstancePage(page, next));
        }
    }

    public Task RebuildIndexAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _index.Clear();
            foreach (var partition in _instances.Values)
            {
                _index[partition.State.InstanceId] = partition.State;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Forgets the index, as if its table were lost (tests of <see cref="RebuildIndexAsync"/>).</summary>
    public void DropIndex()
    {
        lock (_gate)
        {
            _index.Clear();
        }
    }

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _index.Remove(instanceId);
            return Task.FromResult(_instances.Remove(instanceId));
        }
    }

    private InMemoryQueue QueueOf(ReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Queue == _workItems.Name ? _workItems : _control.First(q => q.Name == message.Queue);
    }

    private sealed record Partition(InstanceState State, List<HistoryEvent> History, List<OutboxMessage> PendingOutbox, string ETag);
}

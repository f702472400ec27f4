using Serverless.Durable.Messaging;

namespace Serverless.Durable.Storage;

/// <summary>
/// Where a task hub keeps its instances and queues. Each instance is one partition (state row, history, outbox)
/// committed atomically; messages travel on control queues partitioned by instance id and one work-item queue.
/// </summary>
public interface IDurableBackend
{
    int ControlQueueCount { get; }

    Task CreateIfNotExistsAsync(CancellationToken cancellationToken);

    Task<InstanceRecord?> LoadAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Reads only the state row: what status queries and event senders need, without the history.</summary>
    Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Commits one step; returns the new ETag or throws <see cref="ConcurrencyConflictException"/>.</summary>
    Task<string> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken);

    /// <summary>Records that the last step's outbox was sent; returns the new ETag, or null if the instance changed meanwhile.</summary>
    Task<string?> MarkOutboxSentAsync(string instanceId, string etag, CancellationToken cancellationToken);

    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReceivedMessage>> ReceiveControlAsync(int partition, int maxMessages, TimeSpan visibility, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReceivedMessage>> ReceiveWorkItemsAsync(int maxMessages, TimeSpan visibility, CancellationToken cancellationToken);

    Task DeleteAsync(ReceivedMessage message, CancellationToken cancellationToken);

    /// <summary>Makes a message visible again after <paramref name="delay"/> (a lost race, a re-armed timer).</summary>
    Task ReleaseAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken);

    Task MoveToPoisonAsync(ReceivedMessage message, string reason, CancellationToken cancellationToken);

    /// <summary>Updates the status index (eventually consistent; <see cref="RebuildIndexAsync"/> restores it from the partitions).</summary>
    Task UpdateIndexAsync(InstanceState state, CancellationToken cancellationToken);

    Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken);

    Task RebuildIndexAsync(CancellationToken cancellationToken);

    Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken);
}

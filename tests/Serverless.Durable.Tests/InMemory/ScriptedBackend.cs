using Serverless.Durable.Messaging;
using Serverless.Durable.Storage;

namespace Serverless.Durable.Tests.InMemory;

/// <summary>
/// One worker's view of a shared backend, with scripted trouble: sends it "dies" on (the process killed between
/// commit and send), and something another host does just before this one's next outbox acknowledgement.
/// </summary>
internal sealed class ScriptedBackend(IDurableBackend inner) : IDurableBackend
{
    /// <summary>A send this returns true for throws, as if the process were killed before it went out.</summary>
    public Func<OutboxMessage, bool> DiesOnSend { get; init; } = _ => false;

    /// <summary>Runs once, before this worker's next <see cref="MarkOutboxSentAsync"/> reaches storage.</summary>
    public Func<Task>? BeforeNextMarkOutboxSent { get; set; }

    public int ControlQueueCount => inner.ControlQueueCount;

    public async Task<string?> MarkOutboxSentAsync(string instanceId, string etag, CancellationToken cancellationToken)
    {
        if (BeforeNextMarkOutboxSent is { } meanwhile)
        {
            BeforeNextMarkOutboxSent = null;
            await meanwhile();
        }

        return await inner.MarkOutboxSentAsync(instanceId, etag, cancellationToken);
    }

    /// <summary>How many sends this worker "died" on (the worker logs the failure and leaves the messages to reappear).</summary>
    public int Deaths { get; private set; }

    public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (DiesOnSend(message))
        {
            Deaths++;
            throw new InvalidOperationException("Host killed before the send.");
        }

        return inner.SendAsync(message, cancellationToken);
    }

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => inner.CreateIfNotExistsAsync(cancellationToken);

    public Task<InstanceRecord?> LoadAsync(string instanceId, CancellationToken cancellationToken) => inner.LoadAsync(instanceId, cancellationToken);

    public Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken) => inner.GetStateAsync(instanceId, cancellationToken);

    public Task<string> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken) => inner.CommitAsync(commit, cancellationToken);

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveControlAsync(int partition, int maxMessages, TimeSpan visibility, CancellationToken cancellationToken)
        => inner.ReceiveControlAsync(partition, maxMessages, visibility, cancellationToken);

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveWorkItemsAsync(int maxMessages, TimeSpan visibility, CancellationToken cancellationToken)
        => inner.ReceiveWorkItemsAsync(maxMessages, visibility, cancellationToken);

    public Task DeleteAsync(ReceivedMessage message, CancellationToken cancellationToken) => inner.DeleteAsync(message, cancellationToken);

    public Task ReleaseAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken) => inner.ReleaseAsync(message, delay, cancellationToken);

    public Task MoveToPoisonAsync(ReceivedMessage message, string reason, CancellationToken cancellationToken) => inner.MoveToPoisonAsync(message, reason, cancellationToken);

    public Task UpdateIndexAsync(InstanceState state, CancellationToken cancellationToken) => inner.UpdateIndexAsync(state, cancellationToken);

    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    public Task RebuildIndexAsync(CancellationToken cancellationToken) => inner.RebuildIndexAsync(cancellationToken);

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken) => inner.PurgeAsync(instanceId, cancellationToken);
}

namespace Serverless.Durable.Replay;

/// <summary>Runs an orchestrator's continuations one at a time on the replaying thread, in the order they were posted.</summary>
internal sealed class ReplaySynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _work = new();

    public override void Post(SendOrPostCallback d, object? state) => _work.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    public void Drain()
    {
        while (_work.TryDequeue(out var item))
        {
            item.Callback(item.State);
        }
    }
}

namespace Serverless.Durable.Worker;

/// <summary>An idle poller's sleep that ends early when this process just sent its queue a message.</summary>
internal sealed class Nudge
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Signal()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        => await _signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
}

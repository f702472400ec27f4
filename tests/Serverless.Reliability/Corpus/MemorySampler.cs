using System.Diagnostics;

namespace Serverless.Reliability.Corpus;

/// <summary>Samples this process (runner and app together) four times a second: the peak working set and managed heap.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private long _peakWorkingSet;
    private long _peakManagedHeap;

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));

    /// <summary>The larger of the sampled peak and the operating system's own high-water mark.</summary>
    public long PeakWorkingSet
    {
        get
        {
            Sample();
            lock (_gate)
            {
                return Math.Max(_peakWorkingSet, _process.PeakWorkingSet64);
            }
        }
    }

    public long PeakManagedHeap
    {
        get
        {
            Sample();
            lock (_gate)
            {
                return _peakManagedHeap;
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _process.Dispose();
    }

    private void Sample()
    {
        lock (_gate)
        {
            _process.Refresh();
            _peakWorkingSet = Math.Max(_peakWorkingSet, _process.WorkingSet64);
            _peakManagedHeap = Math.Max(_peakManagedHeap, GC.GetTotalMemory(false));
        }
    }
}

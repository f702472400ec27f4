namespace Serverless.Durable.Worker;

/// <summary>How a worker polls and how long it holds a message.</summary>
public sealed record DurableTaskWorkerOptions
{
    public int ControlBatchSize { get; init; } = 32;

    public int WorkItemBatchSize { get; init; } = 32;

    public int MaxConcurrentActivities { get; init; } = 16;

    /// <summary>How long a control message stays hidden while its step runs; after a crash it reappears this soon.</summary>
    public TimeSpan MessageVisibility { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an activity's message stays hidden; an activity running longer may be run again (at least once).</summary>
    public TimeSpan WorkItemVisibility { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan IdlePollDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxIdlePollDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A message dequeued this many times without success goes to the poison queue (Functions' default is 5).</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How many storage requests of one step may be in flight at once.</summary>
    public int StorageParallelism { get; init; } = 16;
}

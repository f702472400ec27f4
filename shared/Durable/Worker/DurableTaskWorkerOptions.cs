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

    /// <summary>
    /// Whether a step whose outbox holds only activities this process can run continues in place (the activities run
    /// here and their results form the next step) rather than through the work-item queue. The outbox is committed
    /// first, so a crash loses nothing: whoever loads the instance next sends it.
    /// </summary>
    public bool InlineActivities { get; init; } = true;

    /// <summary>Steps with more activities than this go through the work-item queue, so other workers share them.</summary>
    public int InlineActivityLimit { get; init; } = 1000;

    public int MaxInlineSteps { get; init; } = 500;

    /// <summary>A chain of inline steps stops well before its control message could reappear.</summary>
    public TimeSpan InlineTimeBudget { get; init; } = TimeSpan.FromSeconds(10);
}

namespace Serverless.Durable;

/// <summary>
/// How a failed activity or sub-orchestration is retried: attempts in all, the first wait, its growth and cap, and
/// which failures are worth retrying (all by default).
/// </summary>
public sealed record RetryPolicy(
    int MaxNumberOfAttempts,
    TimeSpan FirstRetryInterval,
    double BackoffCoefficient = 1.0,
    TimeSpan? MaxRetryInterval = null)
{
    public Func<TaskFailureDetails, bool> Handle { get; init; } = static _ => true;

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, where attempt 1 is the first call.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1);
        var delay = TimeSpan.FromTicks((long)Math.Min(ticks, TimeSpan.MaxValue.Ticks / 2.0));
        return MaxRetryInterval is { } max && delay > max ? max : delay;
    }
}

using Azure;
using Azure.Data.Tables;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The local host's timer trigger, for when the app runs outside the Functions host. Each schedule has a row in
/// <see cref="TableName"/> holding the occurrence it last fired. A fresh deployment starts from now and fires no past
/// occurrence; after downtime the missed occurrences collapse into one late firing of the latest. Every process may
/// run the loop: a process claims an occurrence by an ETag-conditional update of the row <em>before</em> firing, so
/// the loser of a race (412) fires nothing. Claim-then-fire means a firing that fails is not retried here; what it
/// starts must be idempotent downstream (the orchestrations use one instance id per year).
/// </summary>
public sealed class TimerRunner(TableClient table, TimeProvider time, ILogger<TimerRunner> logger)
{
    public const string TableName = "timerfirings";
    private const string Partition = "schedule";
    private const string LastScheduledUtc = nameof(LastScheduledUtc);

    // A long sleep wakes at least this often, so a clock adjustment or a new schedule row is noticed promptly.
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Fires <paramref name="schedule"/> once if an occurrence fell due since the last firing, passing the scheduled
    /// occurrence (UTC); returns the occurrences this process fired (none or one).
    /// </summary>
    public async Task<IReadOnlyList<DateTimeOffset>> RunDueAsync(
        TimerSchedule schedule,
        Func<DateTimeOffset, CancellationToken, Task> fire,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(fire);
        var now = time.GetUtcNow();
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, schedule.Name, cancellationToken: ct);
        if (!row.HasValue)
        {
            await StartFromAsync(schedule, now, ct);
            return [];
        }

        var entity = row.Value!;
        var last = entity.GetDateTimeOffset(LastScheduledUtc)
            ?? throw new InvalidOperationException($"Timer row '{schedule.Name}' in table '{table.Name}' has no {LastScheduledUtc}.");
        if (schedule.LatestAtOrBefore(now) is not { } due || due <= last)
        {
            return [];
        }

        entity[LastScheduledUtc] = due;
        try
        {
            await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException conflict) when (conflict.Status == 412)
        {
            logger.LogDebug("Timer {Name} occurrence {Due:o} was claimed by another process.", schedule.Name, due);
            return [];
        }

        logger.LogInformation("Timer {Name} firing for {Due:o} (at {Now:o}).", schedule.Name, due, now);
        await fire(due, ct);
        return [due];
    }

    /// <summary>
    /// Runs <paramref name="timers"/> until <paramref name="ct"/> is cancelled, sleeping until the earliest next
    /// occurrence (at most a minute). A failing firing is logged and the loop carries on.
    /// </summary>
    public async Task RunLoopAsync(
        IReadOnlyList<(TimerSchedule Schedule, Func<DateTimeOffset, CancellationToken, Task> Fire)> timers,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(timers);
        try
        {
            // The table is not among StorageNames.Tables, so the provisioner does not create it.
            await table.CreateIfNotExistsAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                var passStarted = time.GetUtcNow();
                foreach (var (schedule, fire) in timers)
                {
                    try
                    {
                        await RunDueAsync(schedule, fire, ct);
                    }
                    catch (Exception error) when (!ct.IsCancellationRequested)
                    {
                        logger.LogError(error, "Timer {Name} failed; it fires again at its next occurrence.", schedule.Name);
                    }
                }

                await Task.Delay(WaitAfter(timers, passStarted), time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task StartFromAsync(TimerSchedule schedule, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition, schedule.Name) { [LastScheduledUtc] = now }, ct);
            logger.LogInformation("Timer {Name} starts from {Now:o}; earlier occurrences do not fire.", schedule.Name, now);
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            // Another process started the schedule first; its row stands.
        }
    }

    // Measured from the start of the pass, so an occurrence that fell due while firing runs without waiting.
    private TimeSpan WaitAfter(
        IReadOnlyList<(TimerSchedule Schedule, Func<DateTimeOffset, CancellationToken, Task> Fire)> timers,
        DateTimeOffset passStarted)
    {
        var wait = MaxWait;
        foreach (var (schedule, _) in timers)
        {
            if (schedule.NextAfter(passStarted) is { } next && next - passStarted < wait)
            {
                wait = next - passStarted;
            }
        }

        var elapsed = time.GetUtcNow() - passStarted;
        return wait > elapsed ? wait - elapsed : TimeSpan.Zero;
    }
}

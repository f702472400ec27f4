using Cronos;
using Serverless.Domain.Calendar;

namespace Serverless.Functions.Hosting;

/// <summary>
/// A named NCRONTAB schedule (six fields, seconds first, as the Functions timer trigger reads them), evaluated in
/// China Standard Time: "0 0 9 10 1 *" is 10 January 09:00 CST.
/// </summary>
public sealed record TimerSchedule(string Name, string Cron)
{
    // Get-only so that `with` cannot give the schedule a new Cron without re-parsing it.
    public string Cron { get; } = Cron;

    private readonly CronExpression _expression = CronExpression.Parse(Cron, CronFormat.IncludeSeconds);

    /// <summary>The first occurrence strictly after <paramref name="utc"/>, in UTC; null if there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset utc) =>
        _expression.GetNextOccurrence(utc, ChinaTime.Zone)?.ToUniversalTime();

    /// <summary>The latest occurrence at or before <paramref name="utc"/>, in UTC; null if there is none.</summary>
    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset utc) =>
        _expression.GetPreviousOccurrence(utc, ChinaTime.Zone, inclusive: true)?.ToUniversalTime();
}

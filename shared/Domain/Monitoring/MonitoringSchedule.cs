namespace Serverless.Domain.Monitoring;

/// <summary>
/// When guide prices take effect and which quarters are then monitored (DOMAIN.md §6): effective on the first day of the
/// month after the campaign completes (unless an official sets another date), then the first
/// <see cref="MonitoringParameters.QuartersMonitored"/> full calendar quarters from that day, each with its due,
/// reminder and escalation dates; the baseline is the same quarter of <see cref="BaselineYear"/>.
/// </summary>
public sealed record MonitoringSchedule(DateOnly EffectiveDate, int BaselineYear, IReadOnlyList<QuarterDates> Quarters, DateOnly CloseDate)
{
    public static DateOnly DefaultEffectiveDate(DateOnly completedChinaDate) => new DateOnly(completedChinaDate.Year, completedChinaDate.Month, 1).AddMonths(1);

    public static MonitoringSchedule For(DateOnly effectiveDate, MonitoringParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(parameters.QuartersMonitored, 1);
        var first = MonitoringQuarter.Containing(effectiveDate);
        if (first.FirstDay != effectiveDate)
        {
            // A quarter the prices cover only in part would be set against a whole quarter's prediction: it is not monitored.
            first = first.Next;
        }

        var quarters = new List<QuarterDates>();
        for (var (quarter, i) = (first, 0); i < parameters.QuartersMonitored; quarter = quarter.Next, i++)
        {
            var due = quarter.LastDay.AddDays(parameters.DueDays);
            quarters.Add(new QuarterDates(quarter, due, due.AddDays(-parameters.ReminderDaysBefore), due.AddDays(1)));
        }

        return new MonitoringSchedule(effectiveDate, effectiveDate.Year + parameters.BaselineYearOffset, quarters, quarters[^1].DueDate.AddDays(parameters.LateUploadDays));
    }

    /// <summary>The monitored quarter's dates, or null for a quarter this schedule does not monitor.</summary>
    public QuarterDates? Find(MonitoringQuarter quarter) => Quarters.FirstOrDefault(q => q.Quarter == quarter);

    /// <summary>The baseline quarter of a monitored quarter: the same quarter of the baseline year.</summary>
    public MonitoringQuarter BaselineOf(MonitoringQuarter quarter) => MonitoringQuarter.Of(BaselineYear, quarter.Number);

    /// <summary>Whether an upload for <paramref name="quarter"/> belongs to this monitoring: a monitored quarter or a baseline one.</summary>
    public bool Takes(MonitoringQuarter quarter) => Find(quarter) is not null || Quarters.Any(q => BaselineOf(q.Quarter) == quarter);
}

namespace Serverless.Domain.Calendar;

/// <summary>
/// China's working-day calendar (DOMAIN.md §2 deadlines): Monday–Friday work unless a public holiday, and a weekend
/// day works when it is a make-up working day. Dates are China Standard Time calendar dates.
/// Years without a schedule count weekends only; <see cref="IsCovered"/> tells callers when that happens.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _makeUpWorkingDays;
    private readonly HashSet<int> _coveredYears;

    public WorkingDayCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkingDays, IEnumerable<int> coveredYears)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentNullException.ThrowIfNull(makeUpWorkingDays);
        ArgumentNullException.ThrowIfNull(coveredYears);
        _holidays = [.. holidays];
        _makeUpWorkingDays = [.. makeUpWorkingDays];
        _coveredYears = [.. coveredYears];
        var both = _holidays.Intersect(_makeUpWorkingDays).Order().ToList();
        if (both.Count > 0)
        {
            throw new ArgumentException($"Dates listed both as holiday and as make-up working day: {string.Join(", ", both)}.", nameof(makeUpWorkingDays));
        }
    }

    public static WorkingDayCalendar FromSchedules(IEnumerable<HolidaySchedule> schedules)
    {
        var list = schedules.ToList();
        return new WorkingDayCalendar(
            list.SelectMany(s => s.Holidays),
            list.SelectMany(s => s.MakeUpWorkingDays),
            list.Select(s => s.Year));
    }

    public bool IsCovered(DateOnly date) => _coveredYears.Contains(date.Year);

    public bool IsWorkingDay(DateOnly date)
    {
        if (_makeUpWorkingDays.Contains(date))
        {
            return true;
        }

        if (_holidays.Contains(date))
        {
            return false;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The date <paramref name="workingDays"/> working days after <paramref name="start"/>; the start day itself is not counted.</summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var date = start;
        var counted = 0;
        while (counted < workingDays)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
    }

    /// <summary>Working days in (<paramref name="from"/>, <paramref name="to"/>]; negative when <paramref name="to"/> is earlier.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -WorkingDaysBetween(to, from);
        }

        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A wait's deadline and half-time reminder, counted from the day the wait starts (DOMAIN.md §2 "Every wait has a deadline").</summary>
    public WorkingDayDeadline Deadline(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workingDays);
        return new WorkingDayDeadline(
            start,
            workingDays,
            ReminderDate: AddWorkingDays(start, WorkingDayDeadline.HalfTimeWorkingDays(workingDays)),
            DueDate: AddWorkingDays(start, workingDays));
    }
}

namespace Serverless.Domain.Calendar;

/// <summary>
/// A wait of <see cref="WorkingDays"/> working days starting on <see cref="Start"/>: the reminder goes out on
/// <see cref="ReminderDate"/> and the wait escalates to the office head when <see cref="DueDate"/> has passed.
/// </summary>
public sealed record WorkingDayDeadline(DateOnly Start, int WorkingDays, DateOnly ReminderDate, DateOnly DueDate)
{
    /// <summary>Office hours start the reminder's day: 09:00 CST.</summary>
    public static readonly TimeOnly ReminderTimeOfDay = new(9, 0);

    /// <summary>Half of the working days, an odd count rounded up (3 → 2), so the reminder never falls on the start day.</summary>
    public static int HalfTimeWorkingDays(int workingDays) => (workingDays + 1) / 2;

    public DateTimeOffset ReminderAtUtc => ChinaTime.ToUtc(ReminderDate, ReminderTimeOfDay);

    /// <summary>The whole due date is still in time; the deadline passes at midnight CST that ends it.</summary>
    public DateTimeOffset ExpiresAtUtc => ChinaTime.ToUtc(DueDate.AddDays(1), TimeOnly.MinValue);
}

using Serverless.Domain.Calendar;

namespace Serverless.Domain.Tests.Calendar;

public sealed class WorkingDayCalendarTests
{
    private readonly WorkingDayCalendar _calendar = ChinaHolidays.DefaultCalendar();

    [Fact]
    public void National_day_week_is_skipped()
    {
        // Wed 30 Sep 2026 + 1 → 1–7 Oct are holidays → Thu 8 Oct.
        Assert.Equal(new DateOnly(2026, 10, 8), _calendar.AddWorkingDays(new DateOnly(2026, 9, 30), 1));
    }

    [Fact]
    public void Make_up_saturday_and_sunday_are_working_days()
    {
        Assert.Equal(new DateOnly(2026, 10, 10), _calendar.AddWorkingDays(new DateOnly(2026, 10, 9), 1));
        Assert.Equal(new DateOnly(2026, 9, 20), _calendar.AddWorkingDays(new DateOnly(2026, 9, 18), 1));
        Assert.False(_calendar.IsWorkingDay(new DateOnly(2026, 10, 11)));
    }

    [Fact]
    public void Spring_festival_deadline_counts_the_make_up_day_and_skips_the_holiday()
    {
        // From Thu 12 Feb 2026: Fri 13 (1), Sat 14 make-up (2), 15–23 holiday, Tue 24 (3), Wed 25 (4), Thu 26 (5).
        var deadline = _calendar.Deadline(new DateOnly(2026, 2, 12), 5);

        Assert.Equal(new DateOnly(2026, 2, 24), deadline.ReminderDate);
        Assert.Equal(new DateOnly(2026, 2, 26), deadline.DueDate);
    }

    [Fact]
    public void Twenty_working_day_review_across_mid_autumn_and_national_day()
    {
        // From Mon 14 Sep 2026: 15–18 (4), Sun 20 make-up (5), 21–24 (9), 25 Sep holiday, 28 (10) … 8–10 Oct (15), 12–16 Oct (20).
        var deadline = _calendar.Deadline(new DateOnly(2026, 9, 14), 20);

        Assert.Equal(new DateOnly(2026, 9, 28), deadline.ReminderDate);
        Assert.Equal(new DateOnly(2026, 10, 16), deadline.DueDate);
        Assert.Equal(new DateTimeOffset(2026, 9, 28, 1, 0, 0, TimeSpan.Zero), deadline.ReminderAtUtc);
        Assert.Equal(new DateTimeOffset(2026, 10, 16, 16, 0, 0, TimeSpan.Zero), deadline.ExpiresAtUtc);
    }

    [Fact]
    public void Working_days_between_count_the_end_day_but_not_the_start_day()
    {
        // 8 Oct (Thu), 9 Oct (Fri), 10 Oct (Sat, make-up).
        Assert.Equal(3, _calendar.WorkingDaysBetween(new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 10)));
        Assert.Equal(-3, _calendar.WorkingDaysBetween(new DateOnly(2026, 10, 10), new DateOnly(2026, 9, 30)));
        Assert.Equal(0, _calendar.WorkingDaysBetween(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 7)));
    }

    [Fact]
    public void Half_time_of_an_odd_deadline_rounds_up()
    {
        Assert.Equal(2, WorkingDayDeadline.HalfTimeWorkingDays(3));
        Assert.Equal(10, WorkingDayDeadline.HalfTimeWorkingDays(20));
        Assert.Equal(1, WorkingDayDeadline.HalfTimeWorkingDays(1));
    }

    [Fact]
    public void Provisional_years_keep_statutory_days_and_uncovered_years_are_reported()
    {
        Assert.False(_calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.False(_calendar.IsWorkingDay(new DateOnly(2028, 1, 26)));
        Assert.True(_calendar.IsCovered(new DateOnly(2028, 12, 31)));
        Assert.False(_calendar.IsCovered(new DateOnly(2029, 1, 2)));
    }

    [Fact]
    public void A_date_cannot_be_both_holiday_and_make_up_day()
    {
        var date = new DateOnly(2026, 5, 9);
        Assert.Throws<ArgumentException>(() => new WorkingDayCalendar([date], [date], [2026]));
    }

    [Fact]
    public void Utc_instant_late_in_the_evening_is_the_next_china_date()
    {
        Assert.Equal(new DateOnly(2026, 2, 1), ChinaTime.ToChinaDate(new DateTimeOffset(2026, 1, 31, 16, 30, 0, TimeSpan.Zero)));
    }
}

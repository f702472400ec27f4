using Serverless.Domain.Monitoring;

namespace Serverless.Domain.Tests.Monitoring;

/// <summary>DOMAIN.md §6: effective date, the monitored quarters, due dates 15 days after each quarter, reminders 5 days before.</summary>
public sealed class MonitoringScheduleTests
{
    [Fact]
    public void Prices_take_effect_on_the_first_of_the_next_month_and_four_full_quarters_are_monitored()
    {
        var effective = MonitoringSchedule.DefaultEffectiveDate(new DateOnly(2026, 12, 15));
        Assert.Equal(new DateOnly(2027, 1, 1), effective);

        var schedule = MonitoringSchedule.For(effective, MonitoringParameters.Default);

        Assert.Equal(["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"], schedule.Quarters.Select(q => q.Quarter.ToString()));
        var q1 = schedule.Quarters[0];
        Assert.Equal((new DateOnly(2027, 4, 15), new DateOnly(2027, 4, 10), new DateOnly(2027, 4, 16)), (q1.DueDate, q1.ReminderDate, q1.EscalationDate));
        Assert.Equal(new DateOnly(2028, 1, 15), schedule.Quarters[3].DueDate);
        Assert.Equal(2026, schedule.BaselineYear);
        Assert.Equal(MonitoringQuarter.Of(2026, 3), schedule.BaselineOf(MonitoringQuarter.Of(2027, 3)));
        Assert.Equal(new DateOnly(2028, 4, 14), schedule.CloseDate);
        Assert.False(q1.IsLate(new DateOnly(2027, 4, 15)));
        Assert.True(q1.IsLate(new DateOnly(2027, 4, 16)));
    }

    [Fact]
    public void A_quarter_the_prices_cover_only_in_part_is_not_monitored()
    {
        var schedule = MonitoringSchedule.For(MonitoringSchedule.DefaultEffectiveDate(new DateOnly(2027, 1, 20)), MonitoringParameters.Default);

        Assert.Equal(new DateOnly(2027, 2, 1), schedule.EffectiveDate);
        Assert.Equal(["2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1"], schedule.Quarters.Select(q => q.Quarter.ToString()));
        Assert.True(schedule.Takes(MonitoringQuarter.Of(2026, 2)));
        Assert.True(schedule.Takes(MonitoringQuarter.Of(2028, 1)));
        Assert.False(schedule.Takes(MonitoringQuarter.Of(2027, 1)));
        Assert.False(schedule.Takes(MonitoringQuarter.Of(2028, 2)));
    }

    [Theory]
    [InlineData("2027-Q1", true)]
    [InlineData("2027-q4", true)]
    [InlineData("2027-Q5", false)]
    [InlineData("2027-Q0", false)]
    [InlineData("1999-Q1", false)]
    [InlineData("2027Q1", false)]
    [InlineData("2027-Q1.xlsx", false)]
    [InlineData("", false)]
    public void Quarters_are_read_as_the_upload_path_names_them(string text, bool valid)
        => Assert.Equal(valid, MonitoringQuarter.TryParse(text, out _));

    [Fact]
    public void A_quarter_is_written_to_json_as_the_upload_path_names_it_and_read_back_only_in_that_form()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new { Quarter = MonitoringQuarter.Of(2027, 4) });

        Assert.Equal("""{"Quarter":"2027-Q4"}""", json);
        Assert.Equal(MonitoringQuarter.Of(2027, 4), System.Text.Json.JsonSerializer.Deserialize<MonitoringQuarter>("\"2027-Q4\""));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<MonitoringQuarter>("""{"Year":2027,"Number":4}"""));
    }
}

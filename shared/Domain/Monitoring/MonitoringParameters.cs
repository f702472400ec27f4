namespace Serverless.Domain.Monitoring;

/// <summary>
/// The monitoring and evaluation thresholds and dates (DOMAIN.md §6), each a parameter. Where §6 is silent the
/// reading chosen is named here: the due day counts to its end in China time, the reminder and the escalation go
/// out at <see cref="NoticeTime"/>, and one monitoring year is the first <see cref="QuartersMonitored"/> full
/// calendar quarters from the effective date.
/// </summary>
public sealed record MonitoringParameters
{
    public static readonly MonitoringParameters Default = new();

    /// <summary>An item deviates when |actual − predicted| exceeds this share of |predicted|.</summary>
    public decimal DeviationShare { get; init; } = 0.20m;

    /// <summary>An item predicted at 0 deviates when |actual| exceeds this many yuan.</summary>
    public decimal ZeroPredictionTolerance { get; init; } = 10_000m;

    /// <summary>A volume change beyond this share of the campaign's annual volume ÷ 4, against the price's direction, is a conflict.</summary>
    public decimal VolumeConflictShare { get; init; } = 0.30m;

    /// <summary>A quarter's upload is due this many calendar days after the quarter ends.</summary>
    public int DueDays { get; init; } = 15;

    /// <summary>The league's bureau is reminded this many days before the due date.</summary>
    public int ReminderDaysBefore { get; init; } = 5;

    /// <summary>Reminders go out at this China time on their day; escalations at the same time on the day after the due date.</summary>
    public TimeOnly NoticeTime { get; init; } = new(9, 0);

    /// <summary>How many quarters one campaign is monitored; the evaluation reads the last four of them.</summary>
    public int QuartersMonitored { get; init; } = 4;

    /// <summary>The baseline year is the effective date's year plus this (default the year before).</summary>
    public int BaselineYearOffset { get; init; } = -1;

    /// <summary>Fit is rounded to this many places (half away from zero).</summary>
    public int FitDecimals { get; init; } = 4;

    /// <summary>Shares (医疗服务收入占比, 个人自付占比) are kept to this many places, i.e. percentages with two decimals.</summary>
    public int ShareDecimals { get; init; } = 4;

    /// <summary>Changes against the baseline are shown in percentage points to this many places.</summary>
    public int PointDecimals { get; init; } = 2;

    /// <summary>An item flagged in at least this many of the last four quarters is a candidate for the next campaign.</summary>
    public int CandidateMinimumFlaggedQuarters { get; init; } = 2;

    /// <summary>The evaluation reads this many most recent quarters.</summary>
    public int EvaluatedQuarters { get; init; } = 4;

    /// <summary>Uploads are still taken (late) this many days after the last quarter's due date; then monitoring closes.</summary>
    public int LateUploadDays { get; init; } = 90;
}

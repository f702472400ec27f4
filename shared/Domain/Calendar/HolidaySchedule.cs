namespace Serverless.Domain.Calendar;

/// <summary>
/// One year's public holidays (放假日) and make-up working days (调休上班日) as the State Council's yearly notice
/// sets them. <see cref="IsProvisional"/> marks a year whose notice was not yet published when the list was written.
/// </summary>
public sealed record HolidaySchedule(
    int Year,
    IReadOnlyList<DateOnly> Holidays,
    IReadOnlyList<DateOnly> MakeUpWorkingDays,
    bool IsProvisional,
    string Source);

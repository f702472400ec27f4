namespace Serverless.Domain.Calendar;

/// <summary>
/// The default holiday data for 2026–2028. It must be updated every year from the State Council General Office's
/// notice on holiday arrangements (国务院办公厅关于…年部分节假日安排的通知), usually published in November.
/// </summary>
public static class ChinaHolidays
{
    public static readonly HolidaySchedule Year2026 = new(
        2026,
        [
            .. Days(2026, 1, 1, 3),
            .. Days(2026, 2, 15, 23),
            .. Days(2026, 4, 4, 6),
            .. Days(2026, 5, 1, 5),
            .. Days(2026, 6, 19, 21),
            .. Days(2026, 9, 25, 27),
            .. Days(2026, 10, 1, 7),
        ],
        [
            new(2026, 1, 4),
            new(2026, 2, 14),
            new(2026, 2, 28),
            new(2026, 5, 9),
            new(2026, 9, 20),
            new(2026, 10, 10),
        ],
        IsProvisional: false,
        Source: "国务院办公厅关于2026年部分节假日安排的通知");

    /// <summary>Statutory days only (全国年节及纪念日放假办法, 2024 revision); bridging days and make-up days await the notice.</summary>
    public static readonly HolidaySchedule Year2027 = new(
        2027,
        [
            new(2027, 1, 1),
            .. Days(2027, 2, 5, 8),
            new(2027, 4, 5),
            .. Days(2027, 5, 1, 2),
            new(2027, 6, 9),
            new(2027, 9, 15),
            .. Days(2027, 10, 1, 3),
        ],
        [],
        IsProvisional: true,
        Source: "statutory days of 全国年节及纪念日放假办法 (2024); replace with the 2027 notice");

    /// <summary>Statutory days only; in 2028 the Mid-Autumn Festival (3 October) falls inside the National Day days.</summary>
    public static readonly HolidaySchedule Year2028 = new(
        2028,
        [
            new(2028, 1, 1),
            .. Days(2028, 1, 25, 28),
            new(2028, 4, 4),
            .. Days(2028, 5, 1, 2),
            new(2028, 5, 28),
            .. Days(2028, 10, 1, 3),
        ],
        [],
        IsProvisional: true,
        Source: "statutory days of 全国年节及纪念日放假办法 (2024); replace with the 2028 notice");

    public static readonly IReadOnlyList<HolidaySchedule> Defaults = [Year2026, Year2027, Year2028];

    public static WorkingDayCalendar DefaultCalendar() => WorkingDayCalendar.FromSchedules(Defaults);

    private static IEnumerable<DateOnly> Days(int year, int month, int firstDay, int lastDay)
    {
        for (var day = firstDay; day <= lastDay; day++)
        {
            yield return new DateOnly(year, month, day);
        }
    }
}

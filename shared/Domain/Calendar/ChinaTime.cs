namespace Serverless.Domain.Calendar;

/// <summary>Conversions between UTC instants (storage) and China Standard Time dates (schedules, working days).</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly ToChinaDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>An instant as China Standard Time, <c>yyyy-MM-dd HH:mm:ss</c>, for messages that label it 北京时间.</summary>
    public static string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset ToUtc(DateOnly chinaDate, TimeOnly chinaTime)
    {
        var local = chinaDate.ToDateTime(chinaTime, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone), TimeSpan.Zero);
    }
}

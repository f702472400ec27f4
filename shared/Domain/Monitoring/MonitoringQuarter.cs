using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Serverless.Domain.Monitoring;

/// <summary>A calendar quarter (季度), as the upload path names it: <c>2027-Q1</c>; in JSON that text too.</summary>
[JsonConverter(typeof(MonitoringQuarterJsonConverter))]
public readonly partial record struct MonitoringQuarter : IComparable<MonitoringQuarter>
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary>A quarter of a year from 2000 to 2100; <see cref="Of"/> says the same.</summary>
    public MonitoringQuarter(int year, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 4);
        Year = year;
        Number = number;
    }

    public int Year { get; }

    /// <summary>1 to 4.</summary>
    public int Number { get; }

    public DateOnly FirstDay => new(Year, ((Number - 1) * 3) + 1, 1);

    public DateOnly LastDay => FirstDay.AddMonths(3).AddDays(-1);

    public MonitoringQuarter Next => Number == 4 ? Of(Year + 1, 1) : new(Year, Number + 1);

    public MonitoringQuarter Previous => Number == 1 ? Of(Year - 1, 4) : new(Year, Number - 1);

    /// <summary>The same quarter <paramref name="years"/> years on (negative: earlier).</summary>
    public MonitoringQuarter AddYears(int years) => Of(Year + years, Number);

    public static MonitoringQuarter Of(int year, int number) => new(year, number);

    /// <summary>The quarter a day falls in.</summary>
    public static MonitoringQuarter Containing(DateOnly day) => Of(day.Year, ((day.Month - 1) / 3) + 1);

    /// <summary>Reads <c>2027-Q1</c> (case-insensitive Q); anything else, or a year outside 2000–2100, is not a quarter.</summary>
    public static bool TryParse(string? text, out MonitoringQuarter quarter)
    {
        quarter = default;
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true })
        {
            return false;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year is < MinYear or > MaxYear)
        {
            return false;
        }

        quarter = new(year, match.Groups["q"].Value[0] - '0');
        return true;
    }

    public int CompareTo(MonitoringQuarter other) => (Year, Number).CompareTo((other.Year, other.Number));

    public static bool operator <(MonitoringQuarter a, MonitoringQuarter b) => a.CompareTo(b) < 0;
    public static bool operator >(MonitoringQuarter a, MonitoringQuarter b) => a.CompareTo(b) > 0;
    public static bool operator <=(MonitoringQuarter a, MonitoringQuarter b) => a.CompareTo(b) <= 0;
    public static bool operator >=(MonitoringQuarter a, MonitoringQuarter b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}-Q{Number}");

    [GeneratedRegex(@"^(?<year>\d{4})-[Qq](?<q>[1-4])\z")]
    private static partial Regex Pattern();
}

/// <summary>Writes a quarter as <c>2027-Q1</c> and reads only that form (its <see cref="MonitoringQuarter.Next"/> would otherwise recurse).</summary>
public sealed class MonitoringQuarterJsonConverter : JsonConverter<MonitoringQuarter>
{
    public override MonitoringQuarter Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => MonitoringQuarter.TryParse(reader.TokenType == JsonTokenType.String ? reader.GetString() : null, out var quarter)
            ? quarter
            : throw new JsonException("A quarter is written like 2027-Q1.");

    public override void Write(Utf8JsonWriter writer, MonitoringQuarter value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Domain.ReserveFund;
using Serverless.Functions.Reviews;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The bounds of every number, time and name a request may carry, checked before anything is stored, raised or
/// audited. Not in DOMAIN.md: wide enough for any real use (and for compressed demo time), narrow enough that no
/// request can push a workflow's timer or arithmetic out of range.
/// </summary>
public static class RequestBounds
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    /// <summary>A round window: 10 s at least (the demo and tests compress a round to seconds; DOMAIN.md's default is 15 days).</summary>
    public const int MinRoundWindowSeconds = 10;

    /// <summary>A round window: 90 days at most, six times the default.</summary>
    public const int MaxRoundWindowSeconds = 90 * 24 * 3600;

    /// <summary>A round's one extension: 30 days at most.</summary>
    public const long MaxExtensionSeconds = 30 * 24 * 3600;

    /// <summary>One <c>PUT /api/new-items/positions</c>: at most this many hospitals.</summary>
    public const int MaxPositions = 10_000;

    /// <summary>A hospital's yearly medical-service revenue: at most 10¹² 元.</summary>
    public const decimal MaxRevenue = 1_000_000_000_000m;

    /// <summary>A page of a list: 100 items unless asked, 500 at most.</summary>
    public const int DefaultPageSize = 100;

    public const int MaxPageSize = 500;

    /// <summary>What is out of bounds in a <c>?page=&amp;pageSize=</c> query (page from 1, size from 1 to <see cref="MaxPageSize"/>), or null.</summary>
    public static string? PageProblem(int? page, int? pageSize)
        => page is < 1 ? $"page must be 1 or more, not {page}."
            : pageSize is < 1 or > MaxPageSize ? $"pageSize must be from 1 to {MaxPageSize}, not {pageSize}."
            : null;

    /// <summary>A defined member of <typeparamref name="TEnum"/> by its name (case-insensitive); never a number, so "7" is not a fund.</summary>
    public static bool TryParseName<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        return text is { Length: > 0 } && !char.IsDigit(text[0]) && text[0] is not ('-' or '+')
            && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary>What is out of bounds in a route's values (<c>year</c>, <c>round</c>, <c>fund</c>, <c>kind</c>), or null.</summary>
    public static string? RouteProblem(RouteValueDictionary values)
    {
        ArgumentNullException.ThrowIfNull(values);
        string? Text(string name) => values.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
        if (Text("year") is { } year && !(int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= FirstYear and <= LastYear))
        {
            return $"year must be a year from {FirstYear} to {LastYear}, not '{year}'.";
        }

        if (Text("round") is { } round && round is not ("1" or "2"))
        {
            return $"round must be 1 or 2, not '{round}'.";
        }

        if (Text("fund") is { } fund && !TryParseName<InsuranceType>(fund, out _))
        {
            return $"fund must be one of {string.Join(", ", Enum.GetNames<InsuranceType>())}, not '{fund}'.";
        }

        if (Text("quarter") is { } quarter && !Serverless.Domain.Monitoring.MonitoringQuarter.TryParse(quarter, out _))
        {
            return $"quarter must be a quarter such as 2027-Q1, not '{quarter}'.";
        }

        return Text("kind") is { } kind && !ReviewKinds.IsKnown(kind) ? $"kind must be {ReviewKinds.Complex} or {ReviewKinds.General}, not '{kind}'." : null;
    }

    /// <summary>The 400 answer for an out-of-bounds request (ProblemDetails with the stable code <c>out_of_bounds</c>).</summary>
    public static ProblemHttpResult Refusal(string problem) => ApiProblem.Of(StatusCodes.Status400BadRequest, "out_of_bounds", "Out of bounds", problem);
}

using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Serverless.Domain.Calendar;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Security;

/// <summary>
/// A search of the audit trail, checked: who (a user id, exact), action (a code, or a prefix ending in <c>*</c>),
/// instance (an id, or a prefix ending in <c>*</c>), a span of China dates (both included), a page size and the
/// token of the page to read. Made only by <see cref="TryCreate"/>, so every bound holds.
/// </summary>
public sealed partial record AuditSearch
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>At most 366 China dates, from and to included: any calendar year, a leap year too, fits in one search.</summary>
    public const int MaxDays = 366;

    public const int MaxUserLength = 128;

    /// <summary>A token is the storage's next partition and row key, base64url: an audit key is far shorter than this.</summary>
    public const int MaxContinuationLength = 2048;

    private AuditSearch(DateOnly from, DateOnly to, int pageSize)
    {
        From = from;
        To = to;
        PageSize = pageSize;
    }

    public string? Who { get; private init; }

    /// <summary>The action code, or the prefix of codes when <see cref="ActionIsPrefix"/>.</summary>
    public string? Action { get; private init; }

    public bool ActionIsPrefix { get; private init; }

    /// <summary>The instance id, or the prefix of ids when <see cref="InstanceIsPrefix"/>.</summary>
    public string? Instance { get; private init; }

    public bool InstanceIsPrefix { get; private init; }

    /// <summary>The first China date searched.</summary>
    public DateOnly From { get; }

    /// <summary>The last China date searched (included).</summary>
    public DateOnly To { get; }

    public int PageSize { get; }

    /// <summary>The storage's continuation token of the page to read (decoded), or null for the first page.</summary>
    public string? Continuation { get; private init; }

    public DateTimeOffset FromUtc => ChinaTime.ToUtc(From, TimeOnly.MinValue);

    public DateTimeOffset ToUtcExclusive => ChinaTime.ToUtc(To.AddDays(1), TimeOnly.MinValue);

    /// <summary>
    /// The search the query asks for, or null with the problem's stable code and a sentence. Without dates it covers
    /// the last <see cref="MaxDays"/> China dates up to <paramref name="today"/>; with one, that many from or up to it.
    /// </summary>
    public static AuditSearch? TryCreate(string? who, string? action, string? instance, string? from, string? to, string? pageSize, string? continuation,
        DateOnly today, out (string Code, string Detail) problem)
    {
        (who, action, instance, from, to, pageSize, continuation) = (Given(who), Given(action), Given(instance), Given(from), Given(to), Given(pageSize), Given(continuation));
        problem = default;
        var size = DefaultPageSize;
        if (pageSize is not null && !(int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxPageSize))
        {
            problem = ("bad_page_size", $"pageSize must be a whole number from 1 to {MaxPageSize}, not '{pageSize}'.");
            return null;
        }

        if (who is not null && (who.Length > MaxUserLength || who.Any(char.IsControl)))
        {
            problem = ("bad_who", $"who must be a user id of 1 to {MaxUserLength} characters.");
            return null;
        }

        if (action is not null && !ActionPattern().IsMatch(action))
        {
            problem = ("bad_action", "action must be an action code (lower-case letters, digits, . and -, at most 64), or its start followed by *.");
            return null;
        }

        if (instance is not null && !ResourceIds.IsValid(instance.EndsWith('*') ? instance[..^1] : instance))
        {
            problem = ("bad_instance", "instance must be an instance id (letters, digits, - and _, at most 63), or its start followed by *.");
            return null;
        }

        if (!TryDate(from, out var first) || !TryDate(to, out var last))
        {
            problem = ("bad_date", $"from and to must be dates such as 2027-03-01 (China time), in the years {RequestBounds.FirstYear} to {RequestBounds.LastYear}.");
            return null;
        }

        last ??= first?.AddDays(MaxDays - 1) ?? today;
        first ??= last.Value.AddDays(1 - MaxDays);
        if (first > last)
        {
            problem = ("bad_date_range", $"from ({first:yyyy-MM-dd}) is after to ({last:yyyy-MM-dd}).");
            return null;
        }

        if (last.Value.DayNumber - first.Value.DayNumber + 1 > MaxDays)
        {
            problem = ("date_range_too_long", $"A search covers at most {MaxDays} days, from and to included; {first:yyyy-MM-dd} to {last:yyyy-MM-dd} is longer.");
            return null;
        }

        string? token = null;
        if (continuation is not null && !TryDecode(continuation, out token))
        {
            problem = ("bad_continuation", "continuation must be the token a previous page of this search returned.");
            return null;
        }

        return new AuditSearch(first.Value, last.Value, size)
        {
            Who = who,
            Action = action?.TrimEnd('*'),
            ActionIsPrefix = action?.EndsWith('*') == true,
            Instance = instance?.TrimEnd('*'),
            InstanceIsPrefix = instance?.EndsWith('*') == true,
            Continuation = token,
        };
    }

    /// <summary>The storage's continuation token as the API hands it out: base64url, so it travels in a query unescaped.</summary>
    public static string? Encode(string? storageToken) => storageToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(storageToken));

    /// <summary>An empty field of the console's form is no filter.</summary>
    private static string? Given(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static bool TryDecode(string continuation, out string? token)
    {
        token = null;
        if (continuation.Length is 0 or > MaxContinuationLength || !Base64Url.IsValid(continuation))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(continuation));
        if (text.Length == 0 || text.Any(c => c is < ' ' or > '~'))
        {
            return false;
        }

        token = text;
        return true;
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            && parsed.Year is >= RequestBounds.FirstYear and <= RequestBounds.LastYear)
        {
            date = parsed;
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{0,63}\*?\z")]
    private static partial Regex ActionPattern();
}

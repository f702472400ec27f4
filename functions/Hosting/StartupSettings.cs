using Microsoft.Extensions.Options;
using Serverless.Functions.Bidding;
using Serverless.Functions.ReserveFund;
using Serverless.Functions.Security;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Every setting the app cannot run safely without, checked together before anything starts (Azurite, the engine,
/// storage): sign-in, storage and the ledger key. One refusal lists every problem, so an operator fixes them in one go.
/// The same options are validated again on start (<c>ValidateOnStart</c>) for the host that builds them.
/// </summary>
public static class StartupSettings
{
    public static (SignInOptions SignIn, StorageOptions Storage) Checked(IConfiguration configuration, IHostEnvironment environment, bool mayEmbedStorage)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<string>();
        SignInOptions? signIn = null;
        try
        {
            signIn = SignInSetup.ReadValidated(configuration, environment.EnvironmentName);
        }
        catch (OptionsValidationException refused)
        {
            problems.AddRange(refused.Failures);
        }

        var storage = StorageOptions.From(configuration);
        problems.AddRange(storage.Problems(mayEmbedStorage && environment.IsDevelopment()));
        if ((configuration.GetSection(LedgerOptions.Section).Get<LedgerOptions>() ?? new LedgerOptions()).Problem is { } ledger)
        {
            problems.Add(ledger);
        }

        problems.AddRange(OtherProblems(configuration));
        return problems.Count == 0 ? (signIn!, storage) : throw new OptionsValidationException(Options.DefaultName, typeof(StartupSettings), problems);
    }

    /// <summary>The smaller settings: calendar dates that parse, a scan interval and a delivery grace in range, a telemetry switch that is a boolean.</summary>
    private static IEnumerable<string> OtherProblems(IConfiguration configuration)
    {
        foreach (var key in new[] { AppSettings.CalendarHolidays, AppSettings.CalendarMakeUpWorkingDays })
        {
            foreach (var date in (configuration[key] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
                {
                    yield return $"{key}: '{date}' is not a date written yyyy-MM-dd.";
                }
            }
        }

        if (configuration[AppSettings.UploadScanInterval] is { } interval
            && !(int.TryParse(interval, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms is >= MinScanMilliseconds and <= MaxScanMilliseconds))
        {
            yield return $"{AppSettings.UploadScanInterval} must be {MinScanMilliseconds} to {MaxScanMilliseconds} milliseconds, not '{interval}'.";
        }

        if (configuration[BiddingOptions.DeliveryGraceSetting] is { } grace
            && !(int.TryParse(grace, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                && new BiddingOptions { DeliveryGraceSeconds = seconds }.Problem is null))
        {
            yield return $"{BiddingOptions.RangeProblem} Not '{grace}'.";
        }

        if (configuration[AppSettings.TelemetryConsole] is { } console && !bool.TryParse(console, out _))
        {
            yield return $"{AppSettings.TelemetryConsole} must be true or false, not '{console}'.";
        }
    }

    public const int MinScanMilliseconds = 50;
    public const int MaxScanMilliseconds = 60_000;
}

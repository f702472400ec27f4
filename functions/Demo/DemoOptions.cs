using System.Globalization;

namespace Serverless.Functions.Demo;

/// <summary>
/// The demo's size: <c>--leagues 12 --hospitals 80 --items 300 --window 30 --seed 2027</c>; <c>--monitoring</c> adds a
/// year of quarterly monitoring after the campaign, a day lasting <see cref="MonitoringDayMilliseconds"/>.
/// </summary>
public sealed record DemoOptions(int Leagues = 12, int Hospitals = 80, int Items = 300, int WindowSeconds = 60, int Seed = 2027, bool Monitoring = false)
{
    /// <summary>A compressed monitoring day: the year and its 90 days of late uploads pass in about 95 s.</summary>
    public const int MonitoringDayMilliseconds = 200;

    /// <summary>The demo's rounds take the workbooks uploaded by their deadline for this long after it (its windows are seconds, not days).</summary>
    public const int DeliveryGraceSeconds = 120;

    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new DemoOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (args[i] == "--monitoring")
            {
                options = options with { Monitoring = true };
                i--;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"Option {args[i]} needs a number.");
            }

            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--leagues" => options with { Leagues = value },
                "--hospitals" => options with { Hospitals = value },
                "--items" => options with { Items = value },
                "--window" => options with { WindowSeconds = value },
                "--seed" => options with { Seed = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --leagues, --hospitals, --items, --window, --seed, --monitoring."),
            };
        }

        return options;
    }
}

using System.Globalization;

namespace Serverless.Functions.Demo;

/// <summary>The demo's size: <c>--leagues 12 --hospitals 80 --items 300 --window 30 --seed 2027</c>.</summary>
public sealed record DemoOptions(int Leagues = 12, int Hospitals = 80, int Items = 300, int WindowSeconds = 60, int Seed = 2027)
{
    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new DemoOptions();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--leagues" => options with { Leagues = value },
                "--hospitals" => options with { Hospitals = value },
                "--items" => options with { Items = value },
                "--window" => options with { WindowSeconds = value },
                "--seed" => options with { Seed = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --leagues, --hospitals, --items, --window, --seed."),
            };
        }

        return options;
    }
}

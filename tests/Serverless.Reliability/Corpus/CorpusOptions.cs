using System.Globalization;

namespace Serverless.Reliability.Corpus;

/// <summary>How many hostile uploads to make, and the seed that makes them.</summary>
internal sealed record CorpusOptions(int Cases = 1000, int Seed = 1)
{
    public static CorpusOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CorpusOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                throw new ArgumentException($"{args[i]} needs a whole number after it.");
            }

            options = args[i] switch
            {
                "--cases" when value > 0 => options with { Cases = value },
                "--seed" => options with { Seed = value },
                _ => throw new ArgumentException($"Unknown option {args[i]} {args[i + 1]}; use --cases N (N > 0) and --seed N."),
            };
        }

        return options;
    }
}

namespace Serverless.Domain.ReserveFund;

/// <summary>
/// Splits an amount in fen over weights so the parts add up exactly: each part is rounded down to fen, and the
/// remaining fen go one each to the largest remainders, ties by region code (ordinal).
/// </summary>
public static class FenAllocation
{
    public static IReadOnlyDictionary<string, Yuan> Split(Yuan total, IReadOnlyDictionary<string, decimal> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var sum = weights.Values.Sum();
        var totalFen = decimal.Round(total.Value * 100m, 0, MidpointRounding.AwayFromZero);
        if (sum <= 0m || totalFen <= 0m)
        {
            return weights.Keys.ToDictionary(k => k, _ => Yuan.Zero, StringComparer.Ordinal);
        }

        var exact = weights.ToDictionary(w => w.Key, w => totalFen * w.Value / sum, StringComparer.Ordinal);
        var fen = exact.ToDictionary(e => e.Key, e => decimal.Floor(e.Value), StringComparer.Ordinal);
        var left = totalFen - fen.Values.Sum();
        foreach (var key in exact.OrderByDescending(e => e.Value - decimal.Floor(e.Value)).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key).Take((int)left))
        {
            fen[key] += 1m;
        }

        return fen.ToDictionary(f => f.Key, f => new Yuan(f.Value / 100m), StringComparer.Ordinal);
    }
}

namespace Serverless.Domain.ReserveFund;

/// <summary>
/// One year's collection for one insurance type (DOMAIN.md §3): each region's contribution = revenue excluding personal
/// accounts × ratio, rounded to fen; no collection once the balance has reached the cap; scaled pro rata so the
/// balance ends exactly at the cap when the full contributions would pass it.
/// </summary>
public sealed record Collection(Yuan Cap, Yuan BalanceBefore, bool Scaled, IReadOnlyDictionary<string, Yuan> Contributions)
{
    public Yuan Total => new(Contributions.Values.Sum(c => c.Value));

    public Yuan BalanceAfter => BalanceBefore + Total;

    public static Collection Compute(IReadOnlyList<RegionStatement> statements, Yuan balance, FundParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(parameters);
        var cap = new Yuan(statements.Sum(s => s.TotalRevenue.Value) * parameters.CapShare).RoundToFen();
        var full = statements.ToDictionary(s => s.Region, s => (s.RevenueExcludingPersonalAccounts * parameters.ContributionRatio).RoundToFen(), StringComparer.Ordinal);
        if (balance >= cap)
        {
            return new Collection(cap, balance, true, full.ToDictionary(f => f.Key, _ => Yuan.Zero, StringComparer.Ordinal));
        }

        var room = cap - balance;
        if (full.Values.Sum(v => v.Value) <= room.Value)
        {
            return new Collection(cap, balance, false, full);
        }

        // Scaled down pro rata to the room left under the cap; the fen split keeps the sum exact.
        var scaled = FenAllocation.Split(room, full.ToDictionary(f => f.Key, f => f.Value.Value, StringComparer.Ordinal));
        return new Collection(cap, balance, true, scaled);
    }
}

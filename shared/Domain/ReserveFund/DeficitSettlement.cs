namespace Serverless.Domain.ReserveFund;

/// <summary>
/// Deficit sharing (DOMAIN.md §3): a region whose expenditure exceeded its revenue covers the gap from its accumulated
/// surplus first; the reserve fund owes 0.7 × d × c × e of what remains, with d = min(1, average ratio ÷ region's
/// ratio), c = min(1, collection rate ÷ 95 %), e = min(1, enrollment completion); if the fund cannot pay all, it pays
/// pro rata and the governments carry the rest.
/// </summary>
public static class DeficitSettlement
{
    /// <summary>
    /// The "average in-service:retiree ratio" is read as the simple mean of all regions' ratios in the statements
    /// (a named choice: DOMAIN.md does not say whether to weight by insured people).
    /// </summary>
    public static decimal AverageRatio(IReadOnlyList<RegionStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        return statements.Count == 0 ? 0m : statements.Average(s => s.InServiceRetireeRatio);
    }

    public static IReadOnlyList<DeficitShare> Compute(IReadOnlyList<RegionStatement> statements, Yuan fundBalance, FundParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(parameters);
        var average = AverageRatio(statements);
        var shares = new List<DeficitShare>();
        foreach (var s in statements.OrderBy(s => s.Region, StringComparer.Ordinal))
        {
            var deficit = s.Expenditure - s.RevenueExcludingPersonalAccounts;
            if (deficit.Value <= 0m)
            {
                continue;
            }

            var fromSurplus = new Yuan(Math.Min(deficit.Value, Math.Max(0m, s.AccumulatedSurplus.Value)));
            var remainder = deficit - fromSurplus;
            var d = s.InServiceRetireeRatio <= 0m ? 1m : Math.Min(1m, average / s.InServiceRetireeRatio);
            var c = Math.Min(1m, s.CollectionRate / parameters.CollectionRateBenchmark);
            var e = Math.Min(1m, s.EnrollmentCompletion);
            var share = parameters.ReserveShareFactor * d * c * e;
            var due = (remainder * share).RoundToFen();
            shares.Add(new DeficitShare(s.Region, deficit, fromSurplus, remainder, d, c, e, share, due, due, remainder - due));
        }

        var totalDue = shares.Sum(x => x.ReserveDue.Value);
        if (totalDue <= fundBalance.Value)
        {
            return shares;
        }

        // The fund pays what it has, pro rata to what each region is due; governments carry the rest.
        var paid = FenAllocation.Split(new Yuan(Math.Max(0m, fundBalance.Value)), shares.ToDictionary(x => x.Region, x => x.ReserveDue.Value, StringComparer.Ordinal));
        return [.. shares.Select(x => x with { ReservePaid = paid[x.Region], Government = x.Remainder - paid[x.Region] })];
    }
}

namespace Serverless.Domain.Bidding;

/// <summary>
/// A league/city's outcome: its budget, the saving from cuts (which enlarges it), what adopted rises use,
/// net = used by rises − saving, the counts, and the ranked guide-price list.
/// </summary>
public sealed record LeagueResult(
    LeagueBudget Budget,
    Yuan Saving,
    Yuan UsedByRises,
    IReadOnlyList<GuidePriceRow> Rows)
{
    public LeagueCode League => Budget.League;

    public Yuan Net => UsedByRises - Saving;

    public int AdoptedCount => Rows.Count(r => r.Decision == AdoptionDecision.Adopted);

    public int SkippedCount => Rows.Count(r => r.Decision == AdoptionDecision.Skipped);
}

using Serverless.Domain.Bidding;

namespace Serverless.Domain.Monitoring;

/// <summary>
/// The next campaign's scope drafted from an evaluation (DOMAIN.md §6 After: 优先纳入调价范围): the monitored campaign's
/// scope cut to the leagues/cities with priority candidates and to the candidate items, with the prices now in force as
/// its current prices. It is a draft for the price office to check (base revenue, growth and last year's volumes are
/// the monitored campaign's) before it starts a campaign on it.
/// </summary>
public static class NextScope
{
    /// <summary>
    /// The draft for <paramref name="leagues"/> (every league/city with a candidate when empty). A scope's items are
    /// shared by its leagues/cities, so the draft takes every item that is a candidate in any league/city it keeps.
    /// Null when none of them has a candidate. <paramref name="adopted"/> needs only the kept leagues/cities' results.
    /// </summary>
    public static CampaignScope? Draft(CampaignScope scope, CampaignResult adopted, IEnumerable<LeagueEvaluation> evaluations, IReadOnlyCollection<LeagueCode> leagues)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(adopted);
        var kept = Kept(evaluations, leagues);
        var keptLeagues = kept.Select(e => e.League).ToHashSet();
        var items = kept.SelectMany(e => e.Candidates.Select(c => c.Item)).ToHashSet();
        if (items.Count == 0)
        {
            return null;
        }

        var hospitals = scope.Hospitals.Where(h => keptLeagues.Contains(h.League)).ToList();
        var hospitalCodes = hospitals.Select(h => h.Code).ToHashSet();
        return new CampaignScope(
            [.. scope.Leagues.Where(l => keptLeagues.Contains(l.Code))],
            hospitals,
            [.. scope.Items.Where(i => items.Contains(i.Code))],
            [.. scope.CurrentPrices.Where(p => keptLeagues.Contains(p.League) && items.Contains(p.Item)).Select(p => InForce(p, adopted.Find(p.League, p.Item)))],
            [.. scope.Providers.Where(p => hospitalCodes.Contains(p.Hospital) && items.Contains(p.Item))]);
    }

    /// <summary>The evaluations a draft for <paramref name="leagues"/> keeps: those with a candidate, of the leagues/cities asked for (none: all).</summary>
    public static IReadOnlyList<LeagueEvaluation> Kept(IEnumerable<LeagueEvaluation> evaluations, IReadOnlyCollection<LeagueCode> leagues)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        ArgumentNullException.ThrowIfNull(leagues);
        return [.. evaluations.Where(e => e.Candidates.Count > 0 && (leagues.Count == 0 || leagues.Contains(e.League)))];
    }

    /// <summary>The price in force after the campaign: its adopted guide prices where it adopted all three tiers, else the price it started from.</summary>
    public static CurrentPrice InForce(CurrentPrice before, GuidePriceRow? guide)
    {
        ArgumentNullException.ThrowIfNull(before);
        return guide is { Decision: AdoptionDecision.Adopted, Tier3Price: { } tier3, Tier2Price: { } tier2, Tier1Price: { } tier1 }
            ? before with { Tier3 = tier3, Tier2 = tier2, Tier1 = tier1 }
            : before;
    }
}

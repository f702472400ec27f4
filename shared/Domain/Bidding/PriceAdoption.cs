namespace Serverless.Domain.Bidding;

/// <summary>
/// Ranking and adoption per league/city (DOMAIN.md §1 Ranking, Adoption). Pure and order-independent: proposals are
/// grouped by league/city and item, and every ordering is by value with item code as the last tie-break.
/// </summary>
public static class PriceAdoption
{
    /// <summary>Ranks and adopts the final proposals of round 2.</summary>
    public static CampaignResult Adopt(CampaignCatalog catalog, IEnumerable<Proposal> finalProposals)
        => Run(catalog, finalProposals, provisional: false);

    /// <summary>
    /// Round 1: the reference price of each item (median of the valid tier-3 equivalents, rounded to fen) serves as
    /// the provisional adopted price, as is, for a provisional ranking.
    /// </summary>
    public static CampaignResult Provisional(CampaignCatalog catalog, IEnumerable<Proposal> roundOneProposals)
        => Run(catalog, roundOneProposals, provisional: true);

    private static CampaignResult Run(CampaignCatalog catalog, IEnumerable<Proposal> proposals, bool provisional)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(proposals);
        var factors = catalog.Parameters.TierFactors;
        var groups = new Dictionary<(LeagueCode League, ItemCode Item), ItemProposals>();
        foreach (var proposal in proposals)
        {
            var hospital = catalog.Hospitals[proposal.Hospital];
            var key = (hospital.League, proposal.Item);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new ItemProposals();
            }

            group.Add(proposal, hospital, factors.Of(hospital.Tier));
        }

        var byLeague = groups.GroupBy(g => g.Key.League).ToDictionary(g => g.Key, g => g.ToList());
        var leagues = catalog.Budget.Leagues
            .Select(budget => AdoptLeague(catalog, budget, byLeague.GetValueOrDefault(budget.League) ?? [], provisional))
            .ToList();
        return new CampaignResult(catalog.Budget, leagues);
    }

    private static LeagueResult AdoptLeague(CampaignCatalog catalog, LeagueBudget budget, List<KeyValuePair<(LeagueCode League, ItemCode Item), ItemProposals>> groups, bool provisional)
    {
        var scored = groups.Select(g => Score(catalog, budget.League, catalog.Items[g.Key.Item], g.Value, provisional))
            .OrderByDescending(s => s.Score)
            .ThenByDescending(s => s.Item.Flags.SurgicalOrHighRisk)
            .ThenBy(s => s.Impact)
            .ThenBy(s => s.Item.Code)
            .ToList();

        // Cuts first: every cut is adopted and its saving enlarges the budget; zero-impact items are adopted; then the
        // rises in ranking order, first fit (DOMAIN.md §1 Adoption).
        var saving = -scored.Where(s => s.Prices is not null && s.Impact < 0).Sum(s => s.Impact);
        var room = budget.BiddingBudget.Value + saving;
        var usedByRises = 0m;
        var rows = new List<GuidePriceRow>(scored.Count);
        for (var i = 0; i < scored.Count; i++)
        {
            var s = scored[i];
            var decision = AdoptionDecision.Adopted;
            string? reasonZh = null;
            string? reasonEn = null;
            if (s.Prices is null)
            {
                decision = AdoptionDecision.Skipped;
                reasonZh = "浮动区间内没有可取的分值价格";
                reasonEn = "no fen price lies inside the band";
            }
            else if (s.Impact > 0)
            {
                if (usedByRises + s.Impact <= room)
                {
                    usedByRises += s.Impact;
                }
                else
                {
                    decision = AdoptionDecision.Skipped;
                    reasonZh = "超出调价总量";
                    reasonEn = "exceeds the remaining budget";
                }
            }

            rows.Add(new GuidePriceRow(
                budget.League, s.Item.Code, s.Item.Name, s.ProposalCount, s.ProviderCount, new Yuan(s.MedianTier3),
                s.Prices?.Tier3, s.Prices?.Tier2, s.Prices?.Tier1, s.Current.Tier3, new Yuan(s.Impact),
                s.Economic, s.Policy, s.Consensus, s.Score, i + 1, decision, reasonZh, reasonEn));
        }

        return new LeagueResult(budget, new Yuan(saving), new Yuan(usedByRises), rows);
    }

    private static ScoredItem Score(CampaignCatalog catalog, LeagueCode league, ScopeItem item, ItemProposals group, bool provisional)
    {
        var parameters = catalog.Parameters;
        var weights = parameters.Weights;
        var current = catalog.CurrentPrice(league, item.Code);
        var providers = catalog.Providers(league, item.Code);
        var median = Median.Of(group.Tier3Equivalents);
        var rounded = Math.Round(median, 2, MidpointRounding.AwayFromZero);
        var tier3 = provisional ? rounded : ClampToBand(rounded, catalog.Band(item, Tier.Three));
        TierPrices? prices = tier3 is { } t3
            ? new TierPrices(new Yuan(t3), new Yuan(t3 * parameters.TierFactors.Tier2).RoundToFen(), new Yuan(t3 * parameters.TierFactors.Tier1).RoundToFen())
            : null;

        var impact = 0m;
        if (prices is not null)
        {
            foreach (var provider in providers)
            {
                impact += (prices.At(provider.Tier).Value - current.At(provider.Tier).Value) * provider.Volume;
            }
        }

        var economicBase = group.UnitCostEquivalents.Count > 0 ? Median.Of(group.UnitCostEquivalents) : item.Benchmark.Value;
        var economic = Round(Clamp01(1 - (current.Tier3.Value / economicBase)), parameters);
        var supportedShare = (decimal)group.Supported / group.Count;
        var policy = Round(Math.Min(1m,
            (item.Flags.SurgicalOrHighRisk ? weights.Surgical : 0m)
            + (item.Flags.WeakDiscipline ? weights.WeakDiscipline : 0m)
            + (item.Flags.TcmOrMongolian ? weights.TcmItem : 0m)
            + (weights.SupportedHospitalShare * supportedShare)), parameters);
        var withProposal = providers.Count(p => group.Hospitals.Contains(p.Hospital));
        var consensus = providers.Count == 0 ? 0m : Round((decimal)withProposal / providers.Count, parameters);
        var score = Round((weights.Economic * economic) + (weights.Policy * policy) + (weights.Consensus * consensus), parameters);
        return new ScoredItem(item, current, group.Count, providers.Count, median, prices, impact, economic, policy, consensus, score);
    }

    /// <summary>A price outside the tier-3 band moves to the nearest fen inside it; null when no fen lies inside.</summary>
    private static decimal? ClampToBand(decimal price, (decimal Low, decimal High) band)
    {
        var lowestFen = Math.Ceiling(band.Low * 100m) / 100m;
        var highestFen = Math.Floor(band.High * 100m) / 100m;
        if (lowestFen > highestFen)
        {
            return null;
        }

        return price < lowestFen ? lowestFen : price > highestFen ? highestFen : price;
    }

    private static decimal Clamp01(decimal value) => value < 0m ? 0m : value > 1m ? 1m : value;

    private static decimal Round(decimal value, CampaignParameters parameters) => Math.Round(value, parameters.ScoreDecimals, MidpointRounding.AwayFromZero);

    private sealed record TierPrices(Yuan Tier3, Yuan Tier2, Yuan Tier1)
    {
        public Yuan At(Tier tier) => tier switch
        {
            Tier.Three => Tier3,
            Tier.Two => Tier2,
            _ => Tier1,
        };
    }

    private sealed record ScoredItem(
        ScopeItem Item,
        CurrentPrice Current,
        int ProposalCount,
        int ProviderCount,
        decimal MedianTier3,
        TierPrices? Prices,
        decimal Impact,
        decimal Economic,
        decimal Policy,
        decimal Consensus,
        decimal Score);

    private sealed class ItemProposals
    {
        public List<decimal> Tier3Equivalents { get; } = [];

        public List<decimal> UnitCostEquivalents { get; } = [];

        public HashSet<HospitalCode> Hospitals { get; } = [];

        public int Supported { get; private set; }

        public int Count => Tier3Equivalents.Count;

        public void Add(Proposal proposal, Hospital hospital, decimal factor)
        {
            Tier3Equivalents.Add(proposal.Price.Value / factor);
            if (proposal.UnitCost is { } cost)
            {
                UnitCostEquivalents.Add(cost / factor);
            }

            Hospitals.Add(hospital.Code);
            if (hospital.Tier == Tier.One || hospital.IsGrassroots || hospital.IsTcmOrMongolian)
            {
                Supported++;
            }
        }
    }
}

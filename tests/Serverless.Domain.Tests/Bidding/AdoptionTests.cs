using Serverless.Domain;
using Serverless.Domain.Bidding;
using static Serverless.Domain.Tests.Bidding.BiddingFixture;

namespace Serverless.Domain.Tests.Bidding;

/// <summary>DOMAIN.md §1 Budget, Ranking and Adoption, on numbers worked out by hand.</summary>
public sealed class AdoptionTests
{
    private static readonly Proposal[] Finals =
    [
        // I1 tier-3 equivalents: 110, 90/0.90 = 100, 81/0.81 = 100 → median 100. Unit costs: 80, 72/0.90 = 80.
        Bid("H1", "I1", 110m, 80m),
        Bid("H2", "I1", 90m, 72m),
        Bid("H3", "I1", 81m),

        // I2 equivalents: 47, 45/0.90 = 50 → median 48.5. Unit cost 50.
        Bid("H1", "I2", 47m, 50m),
        Bid("H2", "I2", 45m),

        // I3: 25.
        Bid("H1", "I3", 25m),
    ];

    [Fact]
    public void Budget_is_base_times_growth_then_the_complex_share_per_league()
    {
        var budget = Catalog().Budget;

        Assert.Equal(150_000m, budget.For(new LeagueCode("L1")).AdjustmentTotal.Value);
        Assert.Equal(75_000m, budget.For(new LeagueCode("L1")).BiddingBudget.Value);
        Assert.Equal(40_000m, budget.For(new LeagueCode("L2")).AdjustmentTotal.Value);
        Assert.Equal(20_000m, budget.For(new LeagueCode("L2")).BiddingBudget.Value);
        Assert.Equal(190_000m, budget.RegionalAdjustmentTotal.Value);
        Assert.Equal(95_000m, budget.RegionalBiddingBudget.Value);
    }

    [Fact]
    public void Adopted_tier_prices_come_from_the_median_equivalent_rounded_half_away_from_zero()
    {
        var result = PriceAdoption.Adopt(Catalog(), Finals);
        var i2 = result.Find(new LeagueCode("L1"), new ItemCode("I2"))!;

        Assert.Equal(48.5m, i2.Tier3Price!.Value.Value);
        Assert.Equal(43.65m, i2.Tier2Price!.Value.Value);
        // 48.5 × 0.81 = 39.285: half away from zero gives 39.29 (banker's rounding would give 39.28).
        Assert.Equal(39.29m, i2.Tier1Price!.Value.Value);
    }

    [Fact]
    public void Impact_counts_public_providers_with_volume_at_their_own_tier()
    {
        var i1 = PriceAdoption.Adopt(Catalog(), Finals).Find(new LeagueCode("L1"), new ItemCode("I1"))!;

        // (100 − 90) × 1000 + (90 − 81) × 500 + (81 − 72.9) × 200; the private H4 does not count.
        Assert.Equal(16_120m, i1.Impact.Value);
        Assert.Equal(3, i1.ProviderCount);
    }

    [Fact]
    public void Economic_policy_consensus_and_score_are_rounded_to_six_decimals()
    {
        var result = PriceAdoption.Adopt(Catalog(), Finals);
        var i1 = result.Find(new LeagueCode("L1"), new ItemCode("I1"))!;
        var i3 = result.Find(new LeagueCode("L1"), new ItemCode("I3"))!;

        Assert.Equal(0m, i1.Economic);                // 1 − 90 / 80 < 0, clamped
        Assert.Equal(0.466667m, i1.Policy);           // 0.4 surgical + 0.2 × 1/3 (H3 is tier 1)
        Assert.Equal(1m, i1.Consensus);               // H1, H2, H3 of 3 providers
        Assert.Equal(0.44m, i1.Score);                // 0.3 × 0.466667 + 0.3 × 1 = 0.4400001 → 0.440000
        Assert.Equal(0m, i3.Economic);                // no unit cost: 1 − 20 / benchmark 20
        Assert.Equal(0.3m, i3.Score);
    }

    [Fact]
    public void Economic_factor_uses_the_median_unit_cost_equivalent()
    {
        // Unit costs 150 (tier 3) and 135/0.90 = 150: E = 1 − 90/150 = 0.4.
        var result = PriceAdoption.Adopt(Catalog(), [Bid("H1", "I1", 100m, 150m), Bid("H2", "I1", 90m, 135m)]);

        Assert.Equal(0.4m, result.Find(new LeagueCode("L1"), new ItemCode("I1"))!.Economic);
    }

    [Fact]
    public void Items_rank_by_score_and_cuts_enlarge_the_budget_for_rises()
    {
        var l1 = PriceAdoption.Adopt(Catalog(), Finals).Leagues.Single(l => l.League == new LeagueCode("L1"));

        Assert.Equal(["I1", "I2", "I3"], l1.Rows.Select(r => r.Item.Value));
        Assert.Equal([1, 2, 3], l1.Rows.Select(r => r.Rank));
        Assert.All(l1.Rows, r => Assert.Equal(AdoptionDecision.Adopted, r.Decision));
        Assert.Equal(650m, l1.Saving.Value);                  // I2: (48.5 − 55) × 100
        Assert.Equal(21_120m, l1.UsedByRises.Value);          // I1 16,120 + I3 5,000
        Assert.Equal(20_470m, l1.Net.Value);
    }

    [Fact]
    public void A_rise_that_does_not_fit_is_skipped_and_a_later_one_that_fits_is_adopted()
    {
        // L1 growth 0.2 %: adjustment 20,000, bidding budget 10,000; with the 650 saving, rises may use 10,650.
        var l1 = PriceAdoption.Adopt(Catalog(l1Growth: 0.002m), Finals).Leagues.Single(l => l.League == new LeagueCode("L1"));

        var decisions = l1.Rows.ToDictionary(r => r.Item.Value, r => r.Decision);
        Assert.Equal(AdoptionDecision.Skipped, decisions["I1"]);   // 16,120 > 10,650
        Assert.Equal(AdoptionDecision.Adopted, decisions["I2"]);   // a cut
        Assert.Equal(AdoptionDecision.Adopted, decisions["I3"]);   // 5,000 ≤ 10,650
        Assert.Equal(5_000m, l1.UsedByRises.Value);
        Assert.Equal(1, l1.SkippedCount);
    }

    [Fact]
    public void Equal_scores_put_surgical_items_first_then_the_smaller_impact()
    {
        var scope = Scope() with
        {
            Items =
            [
                new ScopeItem(new ItemCode("A"), "甲", new Yuan(20m), 0.5m, PolicyFlags.None),
                new ScopeItem(new ItemCode("B"), "乙", new Yuan(20m), 0.5m, PolicyFlags.None),
                new ScopeItem(new ItemCode("C"), "丙", new Yuan(20m), 0.5m, PolicyFlags.None),
            ],
            CurrentPrices = [.. new[] { "A", "B", "C" }.SelectMany(i => new[] { "L1", "L2" }.Select(l =>
                new CurrentPrice(new LeagueCode(l), new ItemCode(i), new Yuan(20m), new Yuan(18m), new Yuan(16.2m))))],
            Providers = [],
        };
        var catalog = new CampaignCatalog(scope, CampaignParameters.Default);

        // No providers: impact 0 and C = 0 for all; E = 0; P = 0: all score 0, so item code decides.
        var rows = PriceAdoption.Adopt(catalog, [Bid("H1", "C", 21m), Bid("H1", "A", 22m), Bid("H1", "B", 23m)]).Leagues[0].Rows;

        Assert.Equal(["A", "B", "C"], rows.Select(r => r.Item.Value));
    }

    [Fact]
    public void Round_one_reference_price_is_the_median_rounded_to_fen()
    {
        // 100.00 and 90.01 / 0.90 = 100.0111…: mean 100.00555… → 100.01.
        var result = PriceAdoption.Provisional(Catalog(), [Bid("H1", "I1", 100m, round: 1), Bid("H2", "I1", 90.01m, round: 1)]);

        Assert.Equal(100.01m, result.Find(new LeagueCode("L1"), new ItemCode("I1"))!.Tier3Price!.Value.Value);
    }

    [Fact]
    public void A_league_without_proposals_still_reports_its_budget()
    {
        var l2 = PriceAdoption.Adopt(Catalog(), Finals).Leagues.Single(l => l.League == new LeagueCode("L2"));

        Assert.Empty(l2.Rows);
        Assert.Equal(20_000m, l2.Budget.BiddingBudget.Value);
        Assert.Equal(0m, l2.Net.Value);
    }
}

using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.Simulation;
using static Serverless.Domain.Tests.Bidding.BiddingFixture;

namespace Serverless.Domain.Tests.Simulation;

/// <summary>
/// DOMAIN.md §6 Before (what-if) on the bidding fixture, figures by hand. Round 1: H1 bids I1 110 (cost 80), I2 47
/// (cost 50), I3 25; H2 (tier 2) I1 90 (cost 72), I2 45; H3 (tier 1) I1 81; H5 (L2) I1 95. With the campaign's
/// parameters L1's budget is 10,000,000 × 1.5 % × 50 % = 75,000: I1 at 100 (impact 16,120), I2 at 48.5 (a cut,
/// −650) and I3 at 25 (5,000) are all adopted; L2's budget is 20,000 and its I1 (95, no providers) is adopted.
/// </summary>
public sealed class WhatIfTests
{
    private static readonly string[] Columns = ["item_code", "proposed_price", "unit_cost"];
    private static readonly string[] RoundTwoColumns = ["item_code", "proposed_price", "withdraw"];

    private static BidSheet[] RoundOne() =>
    [
        Bids("H1", 1, Columns, ["I1", "110", "80"], ["I2", "47", "50"], ["I3", "25", null]),
        Bids("H2", 1, Columns, ["I1", "90", "72"], ["I2", "45", null]),
        Bids("H3", 1, Columns, ["I1", "81", null]),
        Bids("H5", 1, Columns, ["I1", "95", null]),
    ];

    [Fact]
    public void No_overrides_keep_the_campaign_parameters_and_scope()
    {
        var scope = Scope();

        Assert.Equal(CampaignParameters.Default, ParameterOverrides.None.ApplyTo(CampaignParameters.Default));
        Assert.Same(scope, ParameterOverrides.None.ApplyTo(scope));
    }

    [Fact]
    public void Overrides_change_only_the_fields_they_set()
    {
        var overrides = new ParameterOverrides { ComplexItemShare = 0.6m, Tier1Factor = 0.8m, PolicyWeight = 0.2m, ConsensusWeight = 0.4m, LeagueGrowth = new Dictionary<string, decimal> { ["L2"] = 0.03m } };

        var parameters = overrides.ApplyTo(CampaignParameters.Default);
        var scope = overrides.ApplyTo(Scope());

        Assert.Equal(0.6m, parameters.ComplexItemShare);
        Assert.Equal(new TierFactors(1m, 0.90m, 0.8m), parameters.TierFactors);
        Assert.Equal(ScoreWeights.Default with { Policy = 0.2m, Consensus = 0.4m }, parameters.Weights);
        Assert.Equal(CampaignParameters.Default.DefaultGrowth, parameters.DefaultGrowth);
        Assert.Equal(new decimal?[] { null, 0.03m }, scope.Leagues.Select(l => l.Growth));
        Assert.Equal(Scope().Items, scope.Items);
    }

    [Fact]
    public void Overrides_are_equal_by_value_whatever_the_scale_or_order_of_their_entries()
    {
        var a = new ParameterOverrides { DefaultGrowth = 0.02m, LeagueGrowth = new Dictionary<string, decimal> { ["L1"] = 0.01m, ["L2"] = 0.03m } };
        var b = new ParameterOverrides { DefaultGrowth = 0.020m, LeagueGrowth = new Dictionary<string, decimal> { ["L2"] = 0.030m, ["L1"] = 0.01m } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(ParameterOverrides.None, new ParameterOverrides { ItemFloatRanges = new Dictionary<string, decimal>() });
        Assert.NotEqual(a, b with { LeagueGrowth = new Dictionary<string, decimal> { ["L1"] = 0.01m } });
        Assert.NotEqual(a, b with { Tier1Factor = 0.8m });
    }

    [Fact]
    public void Bounds_refuse_each_out_of_range_value_by_its_field()
    {
        var overrides = new ParameterOverrides
        {
            DefaultGrowth = 0.25m,
            LeagueGrowth = new Dictionary<string, decimal> { ["L1"] = -0.11m, ["LX"] = 0.01m },
            ComplexItemShare = 1.01m,
            DefaultFloatRange = 1m,
            ItemFloatRanges = new Dictionary<string, decimal> { ["I2"] = -0.1m },
            Tier2Factor = 0.8m,
            EconomicWeight = 0.5m,
        };

        var problems = ParameterBounds.Check(overrides, Scope(), CampaignParameters.Default);

        // Tier 2 at 0.8 falls below tier 1's 0.81; E + P + C = 0.5 + 0.3 + 0.3 = 1.1.
        Assert.Equal(
            ["defaultGrowth", "leagueGrowth.L1", "leagueGrowth.LX", "complexItemShare", "defaultFloatRange", "itemFloatRanges.I2", "tier2Factor", "weights"],
            problems.Select(p => p.Field));
        Assert.Contains("1.1", problems[^1].MessageEn, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => WhatIf.Run(Scope(), RoundOne(), [], CampaignParameters.Default, overrides));
    }

    [Fact]
    public void More_overrides_than_the_scope_has_codes_are_one_problem()
    {
        var overrides = new ParameterOverrides { ItemFloatRanges = Enumerable.Range(0, 1000).ToDictionary(i => $"X{i}", _ => 0.2m) };

        var problem = Assert.Single(ParameterBounds.Check(overrides, Scope(), CampaignParameters.Default));

        Assert.Equal("itemFloatRanges", problem.Field);
    }

    [Fact]
    public void Bounds_accept_their_edges()
    {
        var overrides = new ParameterOverrides
        {
            DefaultGrowth = ParameterBounds.MinGrowth,
            LeagueGrowth = new Dictionary<string, decimal> { ["L1"] = ParameterBounds.MaxGrowth },
            ComplexItemShare = 1m,
            DefaultFloatRange = 0m,
            Tier2Factor = 1m,
            Tier1Factor = 1m,
            EconomicWeight = 1m,
            PolicyWeight = 0m,
            ConsensusWeight = 0m,
        };

        Assert.Empty(ParameterBounds.Check(overrides, Scope(), CampaignParameters.Default));
    }

    [Fact]
    public void With_the_campaign_parameters_the_run_gives_what_the_campaign_steps_give()
    {
        var run = WhatIf.Run(Scope(), RoundOne(), [], CampaignParameters.Default, ParameterOverrides.None);

        var catalog = Catalog();
        var judged = RoundOne().Select(b => BidValidator.Validate(catalog, b.Hospital, 1, b.FileName, b.Sheet, b.Issues)).ToList();
        var direct = PriceAdoption.Adopt(catalog, FinalProposals.Merge(judged, []));
        Assert.Equal(direct.Leagues.SelectMany(l => l.Rows), run.Result.Leagues.SelectMany(l => l.Rows));

        var l1 = run.Result.Leagues[0];
        Assert.Equal((75_000m, 650m, 21_120m, 20_470m, 3, 0), (l1.Budget.BiddingBudget.Value, l1.Saving.Value, l1.UsedByRises.Value, l1.Net.Value, l1.AdoptedCount, l1.SkippedCount));
        Assert.Equal([100m, 48.5m, 25m], l1.Rows.OrderBy(r => r.Item).Select(r => r.Tier3Price!.Value.Value));
        Assert.Equal(new SimulatedRound(1, 4, 0, 7, 0), run.Rounds[0]);
    }

    [Fact]
    public void Changing_one_leagues_growth_changes_only_that_league()
    {
        var baseline = WhatIf.Run(Scope(), RoundOne(), [], CampaignParameters.Default, ParameterOverrides.None);
        var changed = WhatIf.Run(Scope(), RoundOne(), [], CampaignParameters.Default,
            new ParameterOverrides { LeagueGrowth = new Dictionary<string, decimal> { ["L1"] = 0.001m } });

        // L1: 10,000,000 × 0.1 % × 50 % = 5,000, enlarged by I2's saving of 650 to 5,650: I1's rise of 16,120 no
        // longer fits and is skipped, I3's 5,000 still does.
        var l1 = changed.Result.Leagues[0];
        Assert.Equal((5_000m, 650m, 5_000m, 4_350m, 2, 1), (l1.Budget.BiddingBudget.Value, l1.Saving.Value, l1.UsedByRises.Value, l1.Net.Value, l1.AdoptedCount, l1.SkippedCount));
        Assert.Equal(AdoptionDecision.Skipped, changed.Result.Find(new LeagueCode("L1"), new ItemCode("I1"))!.Decision);
        Assert.Equal(LeagueFigures.Of(baseline.Result.Leagues[1]), LeagueFigures.Of(changed.Result.Leagues[1]));
        Assert.Equal(baseline.Result.Leagues[1].Rows, changed.Result.Leagues[1].Rows);

        var comparison = RunComparison.Of(baseline.Result, changed.Result);
        var (first, second) = (comparison.Leagues[0], comparison.Leagues[1]);
        Assert.Equal((-70_000m, 0m, -16_120m, -16_120m, -1, 1),
            (first.BudgetChange.Value, first.SavingChange.Value, first.UsedByRisesChange.Value, first.NetChange.Value, first.AdoptedChange, first.SkippedChange));
        Assert.Equal((0m, 0m, 0m, 0m, 0, 0),
            (second.BudgetChange.Value, second.SavingChange.Value, second.UsedByRisesChange.Value, second.NetChange.Value, second.AdoptedChange, second.SkippedChange));
        var item = Assert.Single(comparison.ChangedItems);
        Assert.Equal((new LeagueCode("L1"), new ItemCode("I1"), AdoptionDecision.Adopted, AdoptionDecision.Skipped),
            (item.League, item.Item, item.First!.Decision, item.Second!.Decision));
        Assert.Equal(95_000m - 70_000m, comparison.SecondTotal.Budget.Value);
    }

    [Fact]
    public void A_narrower_float_judges_bids_again_and_round_two_against_the_simulated_round_one()
    {
        // H1 lowers I1 to 104 in round 2: under the campaign's 30 % it replaces its 110; under a default float of 5 %
        // (tier-3 band 95…105) its round-1 110 was invalid, so the round-2 row has no valid round-1 proposal to revise.
        BidSheet[] roundTwo = [Bids("H1", 2, RoundTwoColumns, ["I1", "104", "否"])];
        var narrow = new ParameterOverrides { DefaultFloatRange = 0.05m };

        var baseline = WhatIf.Run(Scope(), RoundOne(), roundTwo, CampaignParameters.Default, ParameterOverrides.None);
        var run = WhatIf.Run(Scope(), RoundOne(), roundTwo, CampaignParameters.Default, narrow);

        Assert.Equal(new SimulatedRound(2, 1, 0, 1, 0), baseline.Rounds[1]);
        Assert.Equal(new SimulatedRound(1, 4, 0, 6, 1), run.Rounds[0]);
        Assert.Equal(new SimulatedRound(2, 1, 0, 0, 1), run.Rounds[1]);
        // I1 in L1 keeps H2's 90 ÷ 0.90 and H3's 81 ÷ 0.81: median 100; in the baseline 104, 100, 100: median 100.
        Assert.Equal(2, run.Result.Find(new LeagueCode("L1"), new ItemCode("I1"))!.ProposalCount);
        Assert.Equal(3, baseline.Result.Find(new LeagueCode("L1"), new ItemCode("I1"))!.ProposalCount);
        // I2 (its own float 20 %) and I3 (50 %) do not follow the default.
        Assert.Equal(48.5m, run.Result.Find(new LeagueCode("L1"), new ItemCode("I2"))!.Tier3Price!.Value.Value);
    }

    [Fact]
    public void A_tier_factor_change_changes_the_adopted_tier_prices_the_comparison_lists()
    {
        var baseline = WhatIf.Run(Scope(), RoundOne(), [], CampaignParameters.Default, ParameterOverrides.None);
        var run = WhatIf.Run(Scope(), RoundOne(), [], CampaignParameters.Default, new ParameterOverrides { Tier1Factor = 0.85m });

        // H3's 81 is now 81 ÷ 0.85 = 95.29…: I1's median of 110, 100, 95.29 stays 100 and its tier-1 price goes from
        // 81.00 to 85.00; every other adopted item keeps its tier-3 price and gets a new tier-1 one (L2's I1: 95 × 0.85).
        var changes = RunComparison.Of(baseline.Result, run.Result).ChangedItems;
        var i1 = changes[0];
        Assert.Equal((new LeagueCode("L1"), new ItemCode("I1")), (i1.League, i1.Item));
        Assert.Equal((81m, 85m), (i1.First!.Tier1Price!.Value.Value, i1.Second!.Tier1Price!.Value.Value));
        Assert.Equal(i1.First.Tier3Price, i1.Second.Tier3Price);
        Assert.Equal(["L1 I1", "L1 I2", "L1 I3", "L2 I1"], changes.Select(c => $"{c.League} {c.Item}"));
        Assert.Equal(80.75m, changes[^1].Second!.Tier1Price!.Value.Value);
        Assert.All(changes, c => Assert.Equal(AdoptionDecision.Adopted, c.Second!.Decision));
    }

    [Fact]
    public void A_run_compared_with_itself_changes_nothing()
    {
        var run = WhatIf.Run(Scope(), RoundOne(), [], CampaignParameters.Default, ParameterOverrides.None);

        var comparison = RunComparison.Of(run.Result, run.Result);

        Assert.Empty(comparison.ChangedItems);
        Assert.All(comparison.Leagues, l => Assert.Equal((0m, 0, 0), (l.NetChange.Value, l.AdoptedChange, l.SkippedChange)));
        Assert.Equal(comparison.FirstTotal, comparison.SecondTotal);
    }

    private static BidSheet Bids(string hospital, int round, string[] columns, params string?[][] rows)
        => new(new HospitalCode(hospital), round, $"{hospital}.xlsx", Sheet(columns, rows), []);
}

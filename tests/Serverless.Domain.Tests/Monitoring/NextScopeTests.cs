using Serverless.Domain.Bidding;
using Serverless.Domain.Monitoring;
using static Serverless.Domain.Tests.Monitoring.MonitoringFixture;

namespace Serverless.Domain.Tests.Monitoring;

/// <summary>DOMAIN.md §6 After: the next campaign's scope drafted from the priority candidates, at the prices in force.</summary>
public sealed class NextScopeTests
{
    private static readonly LeagueCode L2 = new("L2");

    [Fact]
    public void The_draft_keeps_the_candidate_leagues_hospitals_items_and_volumes_at_the_adopted_prices()
    {
        var scope = Catalog().Scope;
        // I2 adopted (a cut), I4 skipped: the draft starts I2 from its guide prices and I4 from the price it had.
        var evaluations = new[] { Evaluation(L1, "I2", "I4"), Evaluation(L2) };

        var draft = NextScope.Draft(scope, Adopted(), evaluations, [])!;

        Assert.Equal(["L1"], draft.Leagues.Select(l => l.Code.Value));
        Assert.Equal(scope.Leagues[0], draft.Leagues[0]);
        Assert.Equal(["H3", "H2", "H1", "HP"], draft.Hospitals.Select(h => h.Code.Value));
        Assert.Equal(["I2", "I4"], draft.Items.Select(i => i.Code.Value));
        Assert.Equal([("I2", 180m, 162m, 145.80m), ("I4", 80m, 72m, 64.8m)], draft.CurrentPrices.Select(p => (p.Item.Value, p.Tier3.Value, p.Tier2.Value, p.Tier1.Value)));
        Assert.Equal([("H3", "I2", 100m), ("HP", "I2", 900m), ("H3", "I4", 10m)], draft.Providers.Select(p => (p.Hospital.Value, p.Item.Value, p.Volume)));
    }

    [Fact]
    public void A_league_asked_for_keeps_only_its_own_candidates_and_none_without_candidates_is_no_draft()
    {
        var scope = Catalog().Scope;
        var evaluations = new[] { Evaluation(L1, "I1"), Evaluation(L2, "I3") };

        var both = NextScope.Draft(scope, Adopted(), evaluations, [])!;
        var second = NextScope.Draft(scope, Adopted(), evaluations, [L2])!;

        // Items are shared by a scope's leagues/cities: both candidates, for both.
        Assert.Equal(["I1", "I3"], both.Items.Select(i => i.Code.Value));
        Assert.Equal(["L1", "L2"], both.Leagues.Select(l => l.Code.Value));
        Assert.Equal(["I3"], second.Items.Select(i => i.Code.Value));
        Assert.Equal(["HX"], second.Hospitals.Select(h => h.Code.Value));
        Assert.Empty(second.CurrentPrices);
        Assert.Null(NextScope.Draft(scope, Adopted(), [Evaluation(L1), Evaluation(L2, "I3")], [L1]));
    }

    [Fact]
    public void A_price_is_in_force_only_when_all_three_tiers_were_adopted()
    {
        var before = new CurrentPrice(L1, new ItemCode("I1"), new Yuan(100m), new Yuan(90m), new Yuan(81m));
        var adopted = Row("I1", 120m, 108m, 97.20m, 100m, 0m, 1, AdoptionDecision.Adopted);

        Assert.Equal((120m, 108m, 97.20m), Tiers(NextScope.InForce(before, adopted)));
        Assert.Equal(before, NextScope.InForce(before, adopted with { Decision = AdoptionDecision.Skipped }));
        Assert.Equal(before, NextScope.InForce(before, adopted with { Tier1Price = null }));
        Assert.Equal(before, NextScope.InForce(before, null));
    }

    private static (decimal, decimal, decimal) Tiers(CurrentPrice price) => (price.Tier3.Value, price.Tier2.Value, price.Tier1.Value);

    private static CampaignResult Adopted() => new(new CampaignBudget([Campaign().Budget]), [Campaign()]);

    private static LeagueEvaluation Evaluation(LeagueCode league, params string[] items)
        => new(league, league.Value, [], [.. items.Select(i => new PriorityCandidate(new ItemCode(i), $"项目{i}", [], [], []))]);
}

using Serverless.Domain.Bidding;
using Serverless.Domain.Monitoring;
using static Serverless.Domain.Tests.Monitoring.MonitoringFixture;

namespace Serverless.Domain.Tests.Monitoring;

/// <summary>DOMAIN.md §6 After: the last four quarters' fit and the items flagged in at least two of them.</summary>
public sealed class MonitoringEvaluationTests
{
    [Fact]
    public void Items_flagged_in_two_of_the_last_four_quarters_are_candidates_and_missing_quarters_show_as_not_received()
    {
        var reports = new[]
        {
            Report("2026-Q4", 0.5m, Flag("I1", deviating: true), Flag("I2", deviating: true)),
            Report("2027-Q1", 1.2m, Flag("I2", deviating: true), Flag("I1", conflict: true)),
            Report("2027-Q3", null, Flag("I2", conflict: true), Flag("I3")),
            Report("2027-Q4", 0.95m, Flag("I2", deviating: true, conflict: true), Flag("I3", deviating: true)),
        };

        var evaluation = Assert.Single(MonitoringEvaluation.Evaluate(reports, [(L1, "测试市")], MonitoringQuarter.Of(2027, 4), MonitoringParameters.Default));

        Assert.Equal(
            [("2027-Q1", true, (decimal?)1.2m), ("2027-Q2", false, null), ("2027-Q3", true, null), ("2027-Q4", true, 0.95m)],
            evaluation.Fits.Select(f => (f.Quarter.ToString(), f.Received, f.Fit)));

        // I2: flagged in Q1, Q3 and Q4; I1 only in Q1 within the window (2026-Q4 is outside it); I3 only in Q4.
        var candidate = Assert.Single(evaluation.Candidates);
        Assert.Equal("I2", candidate.Item.Value);
        Assert.Equal(["2027-Q1", "2027-Q3", "2027-Q4"], candidate.FlaggedQuarters.Select(q => q.ToString()));
        Assert.Equal(["2027-Q1", "2027-Q4"], candidate.DeviatingQuarters.Select(q => q.ToString()));
        Assert.Equal(["2027-Q3", "2027-Q4"], candidate.ConflictQuarters.Select(q => q.ToString()));
    }

    [Fact]
    public void Candidates_are_listed_most_flagged_first_and_a_league_without_uploads_has_four_missing_quarters()
    {
        var reports = new[]
        {
            Report("2027-Q1", 1m, Flag("I3", deviating: true), Flag("I1", deviating: true)),
            Report("2027-Q2", 1m, Flag("I3", deviating: true), Flag("I1", deviating: true)),
            Report("2027-Q3", 1m, Flag("I1", conflict: true)),
        };

        var evaluations = MonitoringEvaluation.Evaluate(reports, [(L1, "测试市"), (new LeagueCode("L2"), "另一市")], MonitoringQuarter.Of(2027, 4), MonitoringParameters.Default);

        Assert.Equal(["I1", "I3"], evaluations[0].Candidates.Select(c => c.Item.Value));
        Assert.All(evaluations[1].Fits, f => Assert.False(f.Received));
        Assert.Empty(evaluations[1].Candidates);
    }

    private static LeagueQuarterReport Report(string quarter, decimal? fit, params ItemMonitoring[] items)
        => new(L1, "测试市", Parse(quarter), fit, items, []);

    private static ItemMonitoring Flag(string item, bool deviating = false, bool conflict = false)
        => new(new ItemCode(item), $"项目{item}", PriceDirection.Rise, new Yuan(100m), new Yuan(100m), 10m, 10m, deviating, conflict);

    private static MonitoringQuarter Parse(string text) => MonitoringQuarter.TryParse(text, out var q) ? q : throw new ArgumentException(text);
}

using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.Simulation;
using Serverless.Functions.Bidding;

namespace Serverless.Functions.Simulation;

/// <summary>
/// A run as the API shows it: the request, the parameters it ran with (each league/city's growth among them), each
/// league/city's line as the campaign summary shows it (fen), the regional line, the rounds' tallies and every item.
/// </summary>
public sealed record SimulationView(
    string RunId,
    string CampaignId,
    string ScopeCampaignId,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    long Milliseconds,
    ParameterOverrides Overrides,
    CampaignParameters Parameters,
    IReadOnlyDictionary<string, decimal> Growth,
    IReadOnlyList<LeagueSummary> Leagues,
    LeagueSummary Total,
    IReadOnlyList<SimulatedRound> Rounds,
    IReadOnlyList<ItemRunView> Items,
    string? WorkbookSetId = null)
{
    /// <summary>The region's line: its code and name are empty and 全区.</summary>
    public const string RegionName = "全区";

    public static SimulationView Of(SimulationRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var result = run.Outcome.Result;
        return new SimulationView(run.RunId, run.CampaignId, run.ScopeCampaignId, run.CreatedAt, run.CreatedBy, run.Milliseconds, run.Overrides, run.Outcome.Parameters,
            result.Budget.Leagues.ToDictionary(l => l.League.Value, l => l.Growth, StringComparer.Ordinal),
            [.. result.Leagues.Select(LeagueSummary.Of)],
            Regional(LeagueFigures.Of(result)),
            run.Outcome.Rounds,
            [.. result.Leagues.SelectMany(l => l.Rows).Select(ItemRunView.Of)],
            run.WorkbookSetId);
    }

    public static ComparisonView Compare(SimulationRecord first, SimulationRecord second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var comparison = RunComparison.Of(first.Outcome.Result, second.Outcome.Result);
        var leagues = comparison.Leagues.Select(l => new LeagueComparisonView(l.League.Value, l.Name,
            l.First is null ? null : Line(l.League.Value, l.Name, l.First), l.Second is null ? null : Line(l.League.Value, l.Name, l.Second),
            Line(l.League.Value, l.Name, new LeagueFigures(l.BudgetChange, l.SavingChange, l.UsedByRisesChange, l.NetChange, l.AdoptedChange, l.SkippedChange)))).ToList();
        var (a, b) = (comparison.FirstTotal, comparison.SecondTotal);
        var total = new LeagueComparisonView(string.Empty, RegionName, Regional(a), Regional(b),
            Regional(new LeagueFigures(b.Budget - a.Budget, b.Saving - a.Saving, b.UsedByRises - a.UsedByRises, b.Net - a.Net, b.Adopted - a.Adopted, b.Skipped - a.Skipped)));
        var names = comparison.Leagues.ToDictionary(l => l.League, l => l.Name);
        var items = comparison.ChangedItems.Select(c => new ItemChangeView(c.League.Value, names[c.League], c.Item.Value, c.ItemName,
            c.First is null ? null : ItemRunView.Of(c.First), c.Second is null ? null : ItemRunView.Of(c.Second))).ToList();
        return new ComparisonView(SimulationSummary.Of(first), SimulationSummary.Of(second), leagues, total, items);
    }

    public static LeagueSummary Regional(LeagueFigures figures) => Line(string.Empty, RegionName, figures);

    private static LeagueSummary Line(string league, string name, LeagueFigures figures)
        => new(league, name, Fen(figures.Budget), Fen(figures.Saving), Fen(figures.UsedByRises), Fen(figures.Net), figures.Adopted, figures.Skipped);

    private static decimal Fen(Yuan amount) => amount.RoundToFen().Value;
}

using Serverless.Domain.Bidding;

namespace Serverless.Domain.Monitoring;

/// <summary>
/// The evaluation after an adjustment (DOMAIN.md §6 After): per league/city, the fit of the last
/// <see cref="MonitoringParameters.EvaluatedQuarters"/> quarters up to <c>lastQuarter</c>, and every item flagged in at
/// least <see cref="MonitoringParameters.CandidateMinimumFlaggedQuarters"/> of them. Candidates are listed by the
/// number of flagged quarters (most first), then item code.
/// </summary>
public static class MonitoringEvaluation
{
    public static IReadOnlyList<LeagueEvaluation> Evaluate(
        IEnumerable<LeagueQuarterReport> reports,
        IEnumerable<(LeagueCode League, string Name)> leagues,
        MonitoringQuarter lastQuarter,
        MonitoringParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(leagues);
        ArgumentNullException.ThrowIfNull(parameters);
        var window = new List<MonitoringQuarter> { lastQuarter };
        while (window.Count < parameters.EvaluatedQuarters)
        {
            window.Insert(0, window[0].Previous);
        }

        var byLeague = reports.Where(r => window.Contains(r.Quarter)).ToLookup(r => r.League);
        return [.. leagues.Select(league =>
        {
            var received = byLeague[league.League].GroupBy(r => r.Quarter).ToDictionary(g => g.Key, g => g.Last());
            var fits = window.Select(q => received.TryGetValue(q, out var r) ? new QuarterFit(q, true, r.Fit) : new QuarterFit(q, false, null)).ToList();
            return new LeagueEvaluation(league.League, league.Name, fits, Candidates(received.Values, parameters));
        })];
    }

    private static List<PriorityCandidate> Candidates(IEnumerable<LeagueQuarterReport> reports, MonitoringParameters parameters)
    {
        var flagged = reports.OrderBy(r => r.Quarter)
            .SelectMany(r => r.Items.Where(i => i.Flagged).Select(i => (r.Quarter, Item: i)))
            .GroupBy(x => x.Item.Item);
        return [.. flagged
            .Where(g => g.Count() >= parameters.CandidateMinimumFlaggedQuarters)
            .Select(g => new PriorityCandidate(g.Key, g.Last().Item.ItemName,
                [.. g.Select(x => x.Quarter)],
                [.. g.Where(x => x.Item.Deviating).Select(x => x.Quarter)],
                [.. g.Where(x => x.Item.VolumeConflict).Select(x => x.Quarter)]))
            .OrderByDescending(c => c.FlaggedQuarters.Count)
            .ThenBy(c => c.Item.Value, StringComparer.Ordinal)];
    }
}

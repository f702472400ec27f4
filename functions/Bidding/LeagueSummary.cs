using Serverless.Domain.Bidding;

namespace Serverless.Functions.Bidding;

/// <summary>One league/city's line of the campaign summary (amounts rounded to fen for display).</summary>
public sealed record LeagueSummary(string League, string Name, decimal Budget, decimal Saving, decimal UsedByRises, decimal Net, int Adopted, int Skipped)
{
    public static LeagueSummary Of(LeagueResult league)
    {
        ArgumentNullException.ThrowIfNull(league);
        return new LeagueSummary(league.League.Value, league.Budget.Name, league.Budget.BiddingBudget.RoundToFen().Value, league.Saving.RoundToFen().Value,
            league.UsedByRises.RoundToFen().Value, league.Net.RoundToFen().Value, league.AdoptedCount, league.SkippedCount);
    }
}

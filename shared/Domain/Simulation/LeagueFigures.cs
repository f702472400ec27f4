using Serverless.Domain.Bidding;

namespace Serverless.Domain.Simulation;

/// <summary>A league/city's line of the regional summary (DOMAIN.md §1 Output), exact: budget, saving, used by rises, net, adopted, skipped.</summary>
public sealed record LeagueFigures(Yuan Budget, Yuan Saving, Yuan UsedByRises, Yuan Net, int Adopted, int Skipped)
{
    public static LeagueFigures Of(LeagueResult league)
    {
        ArgumentNullException.ThrowIfNull(league);
        return new LeagueFigures(league.Budget.BiddingBudget, league.Saving, league.UsedByRises, league.Net, league.AdoptedCount, league.SkippedCount);
    }

    /// <summary>The region's line: the sums over its leagues/cities.</summary>
    public static LeagueFigures Of(CampaignResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new LeagueFigures(result.RegionalBiddingBudget, result.TotalSaving, result.TotalUsedByRises, result.TotalNet, result.TotalAdopted, result.TotalSkipped);
    }
}

namespace Serverless.Domain.Bidding;

/// <summary>The regional summary: per league/city results and the regional totals.</summary>
public sealed record CampaignResult(CampaignBudget Budget, IReadOnlyList<LeagueResult> Leagues)
{
    public Yuan RegionalBiddingBudget => Budget.RegionalBiddingBudget;

    public Yuan TotalSaving => new(Leagues.Sum(l => l.Saving.Value));

    public Yuan TotalUsedByRises => new(Leagues.Sum(l => l.UsedByRises.Value));

    public Yuan TotalNet => TotalUsedByRises - TotalSaving;

    public int TotalAdopted => Leagues.Sum(l => l.AdoptedCount);

    public int TotalSkipped => Leagues.Sum(l => l.SkippedCount);

    public GuidePriceRow? Find(LeagueCode league, ItemCode item)
        => Leagues.FirstOrDefault(l => l.League == league)?.Rows.FirstOrDefault(r => r.Item == item);
}

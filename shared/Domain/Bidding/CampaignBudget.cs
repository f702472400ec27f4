namespace Serverless.Domain.Bidding;

/// <summary>
/// The campaign budget, 先总后分 (DOMAIN.md §1 Budget): each league/city's adjustment total = base × growth, the regional
/// total is their sum, and the complex-item share of each is its bidding budget. Kept exact; rounded only for display.
/// </summary>
public sealed record CampaignBudget(IReadOnlyList<LeagueBudget> Leagues)
{
    public Yuan RegionalAdjustmentTotal => new(Leagues.Sum(l => l.AdjustmentTotal.Value));

    public Yuan RegionalBiddingBudget => new(Leagues.Sum(l => l.BiddingBudget.Value));

    public LeagueBudget For(LeagueCode league) => Leagues.First(l => l.League == league);

    public static CampaignBudget Compute(IEnumerable<League> leagues, CampaignParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(leagues);
        ArgumentNullException.ThrowIfNull(parameters);
        return new CampaignBudget([.. leagues.OrderBy(l => l.Code).Select(l =>
        {
            var growth = l.Growth ?? parameters.DefaultGrowth;
            var total = l.BaseRevenue * growth;
            return new LeagueBudget(l.Code, l.Name, l.BaseRevenue, growth, total, total * parameters.ComplexItemShare);
        })]);
    }
}

using Serverless.Functions.Hosting;

namespace Serverless.Functions.Bidding;

/// <summary>A league/city's ranked items of a campaign: round 1's reference prices or round 2's guide prices, one page of them.</summary>
public sealed record LeagueResults(string CampaignId, string League, string Name, int Round, ListPage<GuidePriceView> Items);

namespace Serverless.Domain.Bidding;

/// <summary>Everything a campaign starts from: the five sheets of the campaign-scope workbook (DOMAIN.md §1).</summary>
public sealed record CampaignScope(
    IReadOnlyList<League> Leagues,
    IReadOnlyList<Hospital> Hospitals,
    IReadOnlyList<ScopeItem> Items,
    IReadOnlyList<CurrentPrice> CurrentPrices,
    IReadOnlyList<ProviderVolume> Providers);

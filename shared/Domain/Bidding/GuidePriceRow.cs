namespace Serverless.Domain.Bidding;

/// <summary>
/// One item of a league/city's guide-price list (DOMAIN.md §1 Adoption): adopted tier-3/2/1 prices, budget impact,
/// the ranking factors and score, rank, and whether it was adopted (with the reason when skipped).
/// Prices are null when no fen lies inside the band.
/// </summary>
public sealed record GuidePriceRow(
    LeagueCode League,
    ItemCode Item,
    string ItemName,
    int ProposalCount,
    int ProviderCount,
    Yuan MedianTier3Equivalent,
    Yuan? Tier3Price,
    Yuan? Tier2Price,
    Yuan? Tier1Price,
    Yuan CurrentTier3Price,
    Yuan Impact,
    decimal Economic,
    decimal Policy,
    decimal Consensus,
    decimal Score,
    int Rank,
    AdoptionDecision Decision,
    string? SkipReasonZh,
    string? SkipReasonEn);

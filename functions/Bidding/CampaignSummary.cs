namespace Serverless.Functions.Bidding;

/// <summary>
/// The campaign's output when it completes: per league/city figures, the regional totals (net = used by rises − saving),
/// where the result files are, and each round's totals (DOMAIN.md §1 Adoption, Output).
/// </summary>
public sealed record CampaignSummary(
    string CampaignId,
    string Outcome,
    IReadOnlyList<LeagueSummary> Leagues,
    int AdoptedItems,
    int SkippedItems,
    decimal RegionalBiddingBudget,
    decimal RegionalNet,
    IReadOnlyList<string> ResultFiles,
    decimal RegionalSaving,
    decimal RegionalUsedByRises,
    IReadOnlyList<RoundProgress> Rounds);

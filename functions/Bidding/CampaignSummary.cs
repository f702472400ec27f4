namespace Serverless.Functions.Bidding;

/// <summary>The campaign's output when it completes: per league/city figures and where the result files are.</summary>
public sealed record CampaignSummary(
    string CampaignId,
    string Outcome,
    IReadOnlyList<LeagueSummary> Leagues,
    int AdoptedItems,
    int SkippedItems,
    decimal RegionalBiddingBudget,
    decimal RegionalNet,
    IReadOnlyList<string> ResultFiles);

namespace Serverless.Domain.Bidding;

/// <summary>
/// One line of a hospital's feedback workbook: its row, whether it counts and why not, and for the item the
/// reference (round 1) or adopted (round 2) tier-3 price in its league/city, its price at the hospital's tier, and its rank.
/// </summary>
public sealed record FeedbackRow(
    int RowNumber,
    string? ItemCode,
    decimal? ProposedPrice,
    bool Withdraw,
    bool IsValid,
    string ProblemsZh,
    string ProblemsEn,
    Yuan? Tier3Price,
    Yuan? PriceAtHospitalTier,
    int? Rank,
    AdoptionDecision? Decision);

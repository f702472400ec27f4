namespace Serverless.Functions.Bidding;

/// <summary>
/// One row of a hospital's round-1 feedback as JSON (DOMAIN.md §1 Round 1): its bid row, item and the item's name, the
/// price proposed, whether the row counts and why not, the league/city's reference tier-3 price, that price at the
/// hospital's own tier, and the item's provisional rank.
/// </summary>
public sealed record ReferencePriceView(
    int Row,
    string? Item,
    string? ItemName,
    decimal? ProposedPrice,
    bool IsValid,
    string ProblemsZh,
    string ProblemsEn,
    decimal? ReferenceTier3Price,
    decimal? ReferencePriceAtTier,
    int? Rank);

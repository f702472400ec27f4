using Serverless.Domain.Tabular;

namespace Serverless.Domain.Bidding;

/// <summary>One bid row as judged: what it said, whether it counts, and every rule it broke (and any warnings).</summary>
public sealed record BidRowOutcome(int RowNumber, string? ItemCode, decimal? Price, decimal? UnitCost, bool Withdraw, bool IsValid, IReadOnlyList<SheetIssue> Issues);

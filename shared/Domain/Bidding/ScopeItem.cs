namespace Serverless.Domain.Bidding;

/// <summary>
/// A complex item open for bids (项目): benchmark tier-3 price and float range.
/// <paramref name="FloatRange"/> is a fraction (0.3 = 30 %); null means the campaign default.
/// </summary>
public sealed record ScopeItem(ItemCode Code, string Name, Yuan Benchmark, decimal? FloatRange, PolicyFlags Flags);

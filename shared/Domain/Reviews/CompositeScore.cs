namespace Serverless.Domain.Reviews;

/// <summary>A league/city's composite index for a review: the weighted dimensions (each 0–100), rounded to 2 decimals, and whether it triggers.</summary>
public sealed record CompositeScore(string League, IReadOnlyList<decimal> Dimensions, decimal Total, bool Triggered);

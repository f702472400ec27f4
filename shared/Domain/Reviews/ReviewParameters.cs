namespace Serverless.Domain.Reviews;

/// <summary>
/// The annual reviews' weights and trigger (DOMAIN.md §4). DOMAIN.md gives the dimensions and the trigger (60) but
/// not the weights: equal weights are the default, each a parameter.
/// </summary>
public sealed record ReviewParameters
{
    public static readonly ReviewParameters Default = new();

    /// <summary>Staff capability, hospitals' technical support, economic and health development, hospitals' operation, capacity to pay.</summary>
    public IReadOnlyList<decimal> ComplexWeights { get; init; } = [0.2m, 0.2m, 0.2m, 0.2m, 0.2m];

    /// <summary>Average urban wage growth, fund affordability, CPI.</summary>
    public IReadOnlyList<decimal> GeneralWeights { get; init; } = [1m / 3m, 1m / 3m, 1m / 3m];

    /// <summary>A composite index at or above this proposes a review (a bidding campaign for complex items).</summary>
    public decimal Trigger { get; init; } = 60m;

    /// <summary>General items are reviewed every this many years.</summary>
    public int GeneralReviewIntervalYears { get; init; } = 2;

    /// <summary>New items whose trial ends within this many days are listed by the review.</summary>
    public int TrialEndingWithinDays { get; init; } = 90;
}

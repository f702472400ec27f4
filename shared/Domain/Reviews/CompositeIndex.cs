namespace Serverless.Domain.Reviews;

/// <summary>
/// The timer-driven reviews' scoring (DOMAIN.md §4): the composite index is Σ weight × dimension with each dimension
/// 0–100, rounded to 2 decimals half away from zero; reaching the trigger (default 60) proposes a review for that
/// league/city — for complex items, a bidding campaign an official then confirms.
/// </summary>
public static class CompositeIndex
{
    public static CompositeScore Score(string league, IReadOnlyList<decimal> dimensions, IReadOnlyList<decimal> weights, decimal trigger)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(weights);
        if (dimensions.Count != weights.Count)
        {
            throw new ArgumentException($"{league}: {dimensions.Count} dimension scores given, {weights.Count} expected.", nameof(dimensions));
        }

        var outOfRange = dimensions.Where(d => d is < 0m or > 100m).ToList();
        if (outOfRange.Count > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), outOfRange[0], $"{league}: every dimension score must be between 0 and 100.");
        }

        var total = Math.Round(dimensions.Select((d, i) => d * weights[i]).Sum(), 2, MidpointRounding.AwayFromZero);
        return new CompositeScore(league, dimensions, total, total >= trigger);
    }

    public static CompositeScore Complex(string league, IReadOnlyList<decimal> dimensions, ReviewParameters parameters)
        => Score(league, dimensions, (parameters ?? ReviewParameters.Default).ComplexWeights, (parameters ?? ReviewParameters.Default).Trigger);

    public static CompositeScore General(string league, IReadOnlyList<decimal> indicators, ReviewParameters parameters)
        => Score(league, indicators, (parameters ?? ReviewParameters.Default).GeneralWeights, (parameters ?? ReviewParameters.Default).Trigger);

    /// <summary>General items are reviewed every second year counted from <paramref name="firstYear"/>.</summary>
    public static bool IsGeneralReviewYear(int year, int firstYear, ReviewParameters parameters)
        => year >= firstYear && (year - firstYear) % (parameters ?? ReviewParameters.Default).GeneralReviewIntervalYears == 0;
}

using Serverless.Domain.Reviews;

namespace Serverless.Domain.Tests.Reviews;

/// <summary>DOMAIN.md §4: weighted composite index, trigger at 60.</summary>
public sealed class CompositeIndexTests
{
    [Fact]
    public void Exactly_sixty_triggers_and_just_below_does_not()
    {
        // 0.2 × (80 + 70 + 50 + 40 + 60) = 60.00
        Assert.True(CompositeIndex.Complex("150100", [80m, 70m, 50m, 40m, 60m], ReviewParameters.Default).Triggered);
        // 0.2 × (80 + 70 + 50 + 40 + 59.95) = 59.99
        var below = CompositeIndex.Complex("150200", [80m, 70m, 50m, 40m, 59.95m], ReviewParameters.Default);
        Assert.Equal(59.99m, below.Total);
        Assert.False(below.Triggered);
    }

    [Fact]
    public void Weights_are_parameters_and_the_total_rounds_half_away_from_zero()
    {
        var weights = ReviewParameters.Default with { ComplexWeights = [0.3m, 0.3m, 0.2m, 0.1m, 0.1m] };

        // 0.3 × 61.25 + 0.3 × 50 + 0.2 × 40 + 0.1 × 90 + 0.1 × 100 = 18.375 + 15 + 8 + 9 + 10 = 60.375 → 60.38
        var score = CompositeIndex.Complex("150300", [61.25m, 50m, 40m, 90m, 100m], weights);

        Assert.Equal(60.38m, score.Total);
        Assert.True(score.Triggered);
    }

    [Fact]
    public void A_score_outside_zero_to_one_hundred_is_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => CompositeIndex.Complex("150400", [101m, 0m, 0m, 0m, 0m], ReviewParameters.Default));

    [Theory]
    [InlineData(2027, true)]
    [InlineData(2028, false)]
    [InlineData(2029, true)]
    [InlineData(2026, false)]
    public void General_items_are_reviewed_every_second_year(int year, bool expected)
        => Assert.Equal(expected, CompositeIndex.IsGeneralReviewYear(year, 2027, ReviewParameters.Default));
}

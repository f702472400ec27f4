namespace Serverless.Domain.Bidding;

/// <summary>Every number of a campaign an administrator may change (DOMAIN.md §1); the defaults are the document's.</summary>
public sealed record CampaignParameters
{
    public static readonly CampaignParameters Default = new();

    public TierFactors TierFactors { get; init; } = TierFactors.Default;

    /// <summary>Float range (浮动幅度) for items whose scope row leaves it blank.</summary>
    public decimal DefaultFloatRange { get; init; } = 0.30m;

    /// <summary>Growth coefficient for leagues/cities whose scope row leaves it blank.</summary>
    public decimal DefaultGrowth { get; init; } = 0.015m;

    /// <summary>The complex-item share of each league/city's adjustment total; general and special adjustments take the rest.</summary>
    public decimal ComplexItemShare { get; init; } = 0.50m;

    public ScoreWeights Weights { get; init; } = ScoreWeights.Default;

    public TimeSpan RoundWindow { get; init; } = TimeSpan.FromDays(15);

    /// <summary>How many times an official may extend each round.</summary>
    public int MaxExtensionsPerRound { get; init; } = 1;

    /// <summary>E, P, C and S are rounded to this many decimals as soon as computed.</summary>
    public int ScoreDecimals { get; init; } = 6;
}

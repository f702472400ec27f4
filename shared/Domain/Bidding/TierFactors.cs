namespace Serverless.Domain.Bidding;

/// <summary>Price factors per tier relative to tier 3 (DOMAIN.md §1 Tiers: 1, 0.90, 0.81 by default).</summary>
public sealed record TierFactors(decimal Tier3, decimal Tier2, decimal Tier1)
{
    public static readonly TierFactors Default = new(1m, 0.90m, 0.81m);

    public decimal Of(Tier tier) => tier switch
    {
        Tier.Three => Tier3,
        Tier.Two => Tier2,
        Tier.One => Tier1,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Tier must be 1, 2 or 3."),
    };
}

namespace Serverless.Domain.Bidding;

/// <summary>A hospital's grade (等级). Tier-3 prices are the base; each tier down is about 10 % lower (DOMAIN.md §1 Tiers).</summary>
public enum Tier
{
    One = 1,
    Two = 2,
    Three = 3,
}

namespace Serverless.Domain.Bidding;

/// <summary>The current price of an item in a league/city, per tier (现行价格).</summary>
public sealed record CurrentPrice(LeagueCode League, ItemCode Item, Yuan Tier3, Yuan Tier2, Yuan Tier1)
{
    public Yuan At(Tier tier) => tier switch
    {
        Tier.Three => Tier3,
        Tier.Two => Tier2,
        Tier.One => Tier1,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Tier must be 1, 2 or 3."),
    };
}

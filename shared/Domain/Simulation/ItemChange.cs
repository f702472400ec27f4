using Serverless.Domain.Bidding;

namespace Serverless.Domain.Simulation;

/// <summary>
/// A league/city's item whose decision or adopted price differs between two runs: each run's row, null when the item
/// has no final proposal in that run (every bid on it invalid, or withdrawn).
/// </summary>
public sealed record ItemChange(LeagueCode League, ItemCode Item, string ItemName, GuidePriceRow? First, GuidePriceRow? Second)
{
    /// <summary>Changed: adopted in one run and not the other (or ranked in only one), or adopted in both at a different tier-3, tier-2 or tier-1 price.</summary>
    public static bool Differs(GuidePriceRow? first, GuidePriceRow? second)
    {
        if (first is null || second is null)
        {
            return first is not null || second is not null;
        }

        return first.Decision != second.Decision
            || (first.Decision == AdoptionDecision.Adopted
                && (first.Tier3Price != second.Tier3Price || first.Tier2Price != second.Tier2Price || first.Tier1Price != second.Tier1Price));
    }
}

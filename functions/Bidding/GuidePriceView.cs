using System.Text.Json.Serialization;
using Serverless.Domain.Bidding;

namespace Serverless.Functions.Bidding;

/// <summary>
/// One item of a league/city's ranked list as JSON (DOMAIN.md §1 Ranking, Adoption): rank, E/P/C/S, the adopted
/// tier-3/2/1 prices (round 1: the reference price as the provisional one), the budget impact rounded to fen for
/// display, and the decision with the reason when skipped.
/// </summary>
public sealed record GuidePriceView(
    int Rank,
    string Item,
    string ItemName,
    int Proposals,
    int Providers,
    decimal? Tier3Price,
    decimal? Tier2Price,
    decimal? Tier1Price,
    decimal CurrentTier3Price,
    decimal Impact,
    decimal Economic,
    decimal Policy,
    decimal Consensus,
    decimal Score,
    [property: JsonConverter(typeof(JsonStringEnumConverter<AdoptionDecision>))] AdoptionDecision Decision,
    string? SkipReasonZh,
    string? SkipReasonEn)
{
    public static GuidePriceView From(GuidePriceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new GuidePriceView(row.Rank, row.Item.Value, row.ItemName, row.ProposalCount, row.ProviderCount, row.Tier3Price?.Value, row.Tier2Price?.Value,
            row.Tier1Price?.Value, row.CurrentTier3Price.Value, row.Impact.RoundToFen().Value, row.Economic, row.Policy, row.Consensus, row.Score,
            row.Decision, row.SkipReasonZh, row.SkipReasonEn);
    }
}

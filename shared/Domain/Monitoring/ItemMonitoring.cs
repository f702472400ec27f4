using Serverless.Domain.Bidding;

namespace Serverless.Domain.Monitoring;

/// <summary>
/// One adopted item of a league/city in a quarter (DOMAIN.md §6): predicted impact (the campaign's annual impact ÷ 4),
/// actual impact from the quarter's volumes, the volume against the campaign's annual volume ÷ 4, and its flags.
/// Amounts are exact; rounded to fen when stored or shown.
/// </summary>
public sealed record ItemMonitoring(
    ItemCode Item,
    string ItemName,
    PriceDirection Direction,
    Yuan Predicted,
    Yuan Actual,
    decimal Volume,
    decimal ExpectedVolume,
    bool Deviating,
    bool VolumeConflict)
{
    public bool Flagged => Deviating || VolumeConflict;

    /// <summary>(actual − predicted) ÷ |predicted|, or null when predicted is 0.</summary>
    public decimal? Deviation => Predicted.Value == 0m ? null : (Actual.Value - Predicted.Value) / Math.Abs(Predicted.Value);
}

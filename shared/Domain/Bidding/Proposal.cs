namespace Serverless.Domain.Bidding;

/// <summary>A valid price proposal: a hospital's price for an item at its own tier, with its optional unit cost (at its tier).</summary>
public sealed record Proposal(HospitalCode Hospital, ItemCode Item, Yuan Price, decimal? UnitCost, string? Reason, int Round, int RowNumber);

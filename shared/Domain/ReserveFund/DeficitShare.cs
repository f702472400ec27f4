namespace Serverless.Domain.ReserveFund;

/// <summary>
/// How one region's deficit is covered: surplus first, then the remainder split between the reserve fund (0.7 × d × c ×
/// e of it, cut pro rata if the fund cannot pay everyone) and the region's government.
/// </summary>
public sealed record DeficitShare(
    string Region,
    Yuan Deficit,
    Yuan FromSurplus,
    Yuan Remainder,
    decimal D,
    decimal C,
    decimal E,
    decimal ReserveShare,
    Yuan ReserveDue,
    Yuan ReservePaid,
    Yuan Government);

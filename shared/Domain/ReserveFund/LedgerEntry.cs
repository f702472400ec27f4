namespace Serverless.Domain.ReserveFund;

/// <summary>
/// A posted ledger entry: its sequence number, what it records (signed amount: in is positive), and the hash chain —
/// the previous entry's hash and its own over a canonical text — so any edit, deletion or reordering is detectable.
/// </summary>
public sealed record LedgerEntry(long Sequence, InsuranceType Fund, int Year, string Region, string Kind, Yuan Amount, DateTimeOffset PostedAtUtc, string PreviousHash, string Hash);

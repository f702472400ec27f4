using Serverless.Domain.ReserveFund;

namespace Serverless.Functions.ReserveFund;

/// <summary>A ledger as read from its table: the entries that could be read, and the first sign of tampering (null when intact).</summary>
public sealed record LedgerCheck(IReadOnlyList<LedgerEntry> Entries, string? Problem)
{
    public bool Intact => Problem is null;
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.Domain.ReserveFund;

/// <summary>
/// The append-only reserve-fund ledger (DOMAIN.md §3): entries are only appended, corrections are new entries, the
/// balance is always the sum of the entries, and the SHA-256 hash chain lets <see cref="Verify"/> find any tampering.
/// </summary>
public static class Ledger
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static LedgerEntry Append(LedgerEntry? last, InsuranceType fund, int year, string region, string kind, Yuan amount, DateTimeOffset postedAtUtc)
    {
        var sequence = (last?.Sequence ?? 0) + 1;
        var previous = last?.Hash ?? Genesis;
        var entry = new LedgerEntry(sequence, fund, year, region, kind, amount.RoundToFen(), postedAtUtc.ToUniversalTime(), previous, string.Empty);
        return entry with { Hash = HashOf(entry) };
    }

    public static Yuan Balance(IEnumerable<LedgerEntry> entries) => new((entries ?? []).Sum(e => e.Amount.Value));

    /// <summary>The first problem in the chain: a gap or reordering in sequence numbers, a broken link, or an altered entry; null when intact.</summary>
    public static string? Verify(IReadOnlyList<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var previous = Genesis;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Sequence != i + 1)
            {
                return $"Entry {i + 1} is missing or out of order (found sequence {entry.Sequence}).";
            }

            if (entry.PreviousHash != previous)
            {
                return $"Entry {entry.Sequence} does not follow entry {entry.Sequence - 1} (broken link: an entry was removed or replaced).";
            }

            if (HashOf(entry) != entry.Hash)
            {
                return $"Entry {entry.Sequence} was altered after it was posted.";
            }

            previous = entry.Hash;
        }

        return null;
    }

    private static string HashOf(LedgerEntry entry)
    {
        var canonical = string.Join('|',
            entry.Sequence.ToString(CultureInfo.InvariantCulture),
            entry.Fund.ToString(),
            entry.Year.ToString(CultureInfo.InvariantCulture),
            entry.Region,
            entry.Kind,
            entry.Amount.Value.ToString("0.00", CultureInfo.InvariantCulture),
            entry.PostedAtUtc.UtcTicks.ToString(CultureInfo.InvariantCulture),
            entry.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Serverless.Domain;
using Serverless.Domain.ReserveFund;

namespace Serverless.Functions.ReserveFund;

/// <summary>
/// The reserve-fund ledger (DOMAIN.md §3) in Azure Table storage: one partition per insurance type, one row per entry
/// keyed by its zero-padded sequence, and beside each entry an idempotency marker written in the same entity-group
/// transaction, so a retried or concurrent append with the same key posts exactly one entry. Each entry row carries an
/// HMAC-SHA256 of its hash under <see cref="LedgerOptions.MacKey"/>: whoever can write the table but lacks the key can
/// recompute the hash chain, not the MACs (issue 18).
/// </summary>
public sealed class LedgerTable(TableClient table, TimeProvider time, LedgerOptions options)
{
    public const string TableName = "fundledger";

    private const string MarkerPrefix = "key-";
    private const int SequenceDigits = 19;

    private readonly byte[] _macKey = MacKeyOf(options);

    public async Task<LedgerEntry> AppendAsync(
        InsuranceType fund, int year, string region, string kind, Yuan amount, string idempotencyKey, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var partition = fund.ToString();
        var markerRowKey = MarkerRowKey(idempotencyKey);
        while (true)
        {
            var marker = await table.GetEntityIfExistsAsync<TableEntity>(partition, markerRowKey, cancellationToken: ct);
            if (marker.HasValue)
            {
                return await PostedForAsync(fund, marker.Value!, ct);
            }

            var entries = await EntriesAsync(fund, ct);
            var next = Ledger.Append(entries.Count == 0 ? null : entries[^1], fund, year, region, kind, amount, time.GetUtcNow());
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, ToEntity(next, idempotencyKey)),
                new(TableTransactionActionType.Add, new TableEntity(partition, markerRowKey)
                {
                    ["IdempotencyKey"] = idempotencyKey,
                    ["Sequence"] = next.Sequence,
                    ["Hash"] = next.Hash,
                }),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, ct);
                return next;
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
            {
                // Another append took this sequence or this key first; read again: the marker or the new last entry decides.
            }
        }
    }

    /// <summary>The posted entries in order; an entry row that cannot be read is an <see cref="InvalidDataException"/>, never a guess.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> EntriesAsync(InsuranceType fund, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {fund.ToString()} and RowKey lt {MarkerPrefix}");
        var entries = new List<LedgerEntry>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            entries.Add(ReadEntry(fund, entity, out var problem) ?? throw new InvalidDataException($"Ledger {fund} in table {table.Name}: {problem}"));
        }

        return entries;
    }

    public async Task<Yuan> BalanceAsync(InsuranceType fund, CancellationToken ct) => Ledger.Balance(await EntriesAsync(fund, ct));

    /// <summary>The first problem in the stored ledger, or null when intact (see <see cref="CheckAsync"/>).</summary>
    public async Task<string?> VerifyAsync(InsuranceType fund, CancellationToken ct) => (await CheckAsync(fund, ct)).Problem;

    /// <summary>
    /// Reads the whole partition and reports the first sign of tampering: a row that is neither a well-formed entry nor
    /// a well-formed marker, a break in the hash chain (<see cref="Ledger.Verify"/>), an entry whose MAC does not match
    /// (history rewritten with recomputed hashes), or a marker whose entry is gone or replaced (the last entries removed).
    /// </summary>
    public async Task<LedgerCheck> CheckAsync(InsuranceType fund, CancellationToken ct)
    {
        var entries = new List<LedgerEntry>();
        var macs = new List<string?>();
        var markers = new List<(string RowKey, long Sequence, string Hash)>();
        string? problem = null;
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {fund.ToString()}"), cancellationToken: ct))
        {
            if (IsSequenceRowKey(row.RowKey))
            {
                if (ReadEntry(fund, row, out var malformed) is { } entry)
                {
                    entries.Add(entry);
                    macs.Add(row.TryGetValue("Mac", out var mac) ? mac as string : null);
                }

                problem ??= malformed;
            }
            else if (row.RowKey.StartsWith(MarkerPrefix, StringComparison.Ordinal)
                && row.TryGetValue("Sequence", out var sequence) && sequence is long or int
                && row.TryGetValue("Hash", out var hash) && hash is string markedHash)
            {
                markers.Add((row.RowKey, Convert.ToInt64(sequence, CultureInfo.InvariantCulture), markedHash));
            }
            else
            {
                problem ??= $"Row {row.RowKey} is neither a ledger entry nor an idempotency marker: it was written outside the app.";
            }
        }

        problem ??= Ledger.Verify(entries);
        for (var i = 0; problem is null && i < entries.Count; i++)
        {
            if (!MacMatches(entries[i], macs[i]))
            {
                problem = $"Entry {entries[i].Sequence} does not carry the ledger's MAC: the history from here was rewritten without the key.";
            }
        }

        foreach (var (rowKey, sequence, hash) in problem is null ? markers : [])
        {
            if (sequence < 1 || sequence > entries.Count || entries[(int)(sequence - 1)].Hash != hash)
            {
                problem = $"Entry {sequence} is missing or was replaced (its idempotency marker {rowKey} no longer matches).";
                break;
            }
        }

        return new LedgerCheck(entries, problem);
    }

    /// <summary>The first row outside the funds' partitions (none is ever written there), or null.</summary>
    public async Task<string?> StrayRowAsync(CancellationToken ct)
    {
        var filter = string.Join(" and ", Enum.GetValues<InsuranceType>().Select(f => TableClient.CreateQueryFilter($"PartitionKey ne {f.ToString()}")));
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            return $"Row {row.PartitionKey}/{row.RowKey} lies outside every fund's ledger: it was written outside the app.";
        }

        return null;
    }

    private async Task<LedgerEntry> PostedForAsync(InsuranceType fund, TableEntity marker, CancellationToken ct)
    {
        var sequence = marker.GetInt64("Sequence") ?? 0;
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(fund.ToString(), SequenceRowKey(sequence), cancellationToken: ct);
        if (!entity.HasValue)
        {
            throw new InvalidOperationException($"Ledger entry {sequence} of {fund}, posted for this idempotency key, is missing from table {table.Name}.");
        }

        return ReadEntry(fund, entity.Value!, out var problem) ?? throw new InvalidDataException($"Ledger {fund} in table {table.Name}: {problem}");
    }

    private static byte[] MacKeyOf(LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Problem is { } problem ? throw new InvalidOperationException(problem) : Encoding.UTF8.GetBytes(options.MacKey!);
    }

    private string MacOf(LedgerEntry entry) => Convert.ToHexStringLower(HMACSHA256.HashData(_macKey, Encoding.UTF8.GetBytes(entry.Hash)));

    private bool MacMatches(LedgerEntry entry, string? mac)
        => mac is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(MacOf(entry)), Encoding.UTF8.GetBytes(mac));

    private static string SequenceRowKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    private static bool IsSequenceRowKey(string rowKey) => rowKey.Length == SequenceDigits && rowKey.All(char.IsAsciiDigit);

    private static string MarkerRowKey(string idempotencyKey)
        => MarkerPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));

    private TableEntity ToEntity(LedgerEntry entry, string idempotencyKey) => new(entry.Fund.ToString(), SequenceRowKey(entry.Sequence))
    {
        ["Year"] = entry.Year,
        ["Region"] = entry.Region,
        ["Kind"] = entry.Kind,
        ["Amount"] = entry.Amount.Value.ToString("0.00", CultureInfo.InvariantCulture),
        ["PostedAtUtc"] = entry.PostedAtUtc,
        ["PreviousHash"] = entry.PreviousHash,
        ["Hash"] = entry.Hash,
        ["Mac"] = MacOf(entry),
        ["IdempotencyKey"] = idempotencyKey,
    };

    /// <summary>The entry a row holds, or null with what is wrong: a row written by hand may lack a field or hold any type in it.</summary>
    private static LedgerEntry? ReadEntry(InsuranceType fund, TableEntity row, out string? problem)
    {
        string? Text(string name) => row.TryGetValue(name, out var value) && value is string { Length: > 0 } text ? text : null;
        var wrong = new List<string>();
        var sequence = IsSequenceRowKey(row.RowKey) ? long.Parse(row.RowKey, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        if (sequence < 1)
        {
            wrong.Add("sequence");
        }

        var year = row.TryGetValue("Year", out var y) && y is int number ? number : (int?)null;
        var posted = row.TryGetValue("PostedAtUtc", out var p) ? p switch { DateTimeOffset at => at, DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)), _ => (DateTimeOffset?)null } : null;
        var amount = decimal.TryParse(Text("Amount"), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan) ? yuan : (decimal?)null;
        wrong.AddRange(new (string Name, bool Ok)[]
        {
            ("Year", year is not null), ("Region", Text("Region") is not null), ("Kind", Text("Kind") is not null), ("Amount", amount is not null),
            ("PostedAtUtc", posted is not null), ("PreviousHash", Text("PreviousHash") is not null), ("Hash", Text("Hash") is not null),
        }.Where(f => !f.Ok).Select(f => f.Name));
        if (wrong.Count > 0)
        {
            problem = $"Row {row.RowKey} is not a well-formed ledger entry (bad or missing {string.Join(", ", wrong)}): it was written outside the app.";
            return null;
        }

        problem = null;
        return new LedgerEntry(sequence, fund, year!.Value, Text("Region")!, Text("Kind")!, new Yuan(amount!.Value), posted!.Value, Text("PreviousHash")!, Text("Hash")!);
    }
}

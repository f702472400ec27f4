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
/// transaction, so a retried or concurrent append with the same key posts exactly one entry.
/// </summary>
public sealed class LedgerTable(TableClient table, TimeProvider time)
{
    public const string TableName = "fundledger";

    private const string MarkerPrefix = "key-";

    // Sequence row keys are all digits, so every one sorts before the first marker row key.
    private const string FirstMarkerRowKey = MarkerPrefix;
    private const string PastLastMarkerRowKey = "key.";

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

    public async Task<IReadOnlyList<LedgerEntry>> EntriesAsync(InsuranceType fund, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {fund.ToString()} and RowKey lt {FirstMarkerRowKey}");
        var entries = new List<LedgerEntry>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            entries.Add(ToEntry(fund, entity));
        }

        return entries;
    }

    public async Task<Yuan> BalanceAsync(InsuranceType fund, CancellationToken ct) => Ledger.Balance(await EntriesAsync(fund, ct));

    /// <summary>
    /// The first problem in the stored chain, or null when intact. Beyond <see cref="Ledger.Verify"/>, every idempotency
    /// marker must still find the entry it was written with, which also catches the removal of the last entries.
    /// </summary>
    public async Task<string?> VerifyAsync(InsuranceType fund, CancellationToken ct)
    {
        var entries = await EntriesAsync(fund, ct);
        var problem = Ledger.Verify(entries);
        if (problem is not null)
        {
            return problem;
        }

        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {fund.ToString()} and RowKey ge {FirstMarkerRowKey} and RowKey lt {PastLastMarkerRowKey}");
        await foreach (var marker in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var sequence = marker.GetInt64("Sequence") ?? 0;
            if (sequence < 1 || sequence > entries.Count || entries[(int)(sequence - 1)].Hash != marker.GetString("Hash"))
            {
                return $"Entry {sequence} is missing or was replaced (its idempotency marker {marker.RowKey} no longer matches).";
            }
        }

        return null;
    }

    private async Task<LedgerEntry> PostedForAsync(InsuranceType fund, TableEntity marker, CancellationToken ct)
    {
        var sequence = marker.GetInt64("Sequence") ?? 0;
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(fund.ToString(), SequenceRowKey(sequence), cancellationToken: ct);
        return entity.HasValue
            ? ToEntry(fund, entity.Value!)
            : throw new InvalidOperationException($"Ledger entry {sequence} of {fund}, posted for this idempotency key, is missing from table {table.Name}.");
    }

    private static string SequenceRowKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    private static string MarkerRowKey(string idempotencyKey)
        => MarkerPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));

    private static TableEntity ToEntity(LedgerEntry entry, string idempotencyKey) => new(entry.Fund.ToString(), SequenceRowKey(entry.Sequence))
    {
        ["Year"] = entry.Year,
        ["Region"] = entry.Region,
        ["Kind"] = entry.Kind,
        ["Amount"] = entry.Amount.Value.ToString("0.00", CultureInfo.InvariantCulture),
        ["PostedAtUtc"] = entry.PostedAtUtc,
        ["PreviousHash"] = entry.PreviousHash,
        ["Hash"] = entry.Hash,
        ["IdempotencyKey"] = idempotencyKey,
    };

    private static LedgerEntry ToEntry(InsuranceType fund, TableEntity entity) => new(
        long.Parse(entity.RowKey, NumberStyles.None, CultureInfo.InvariantCulture),
        fund,
        entity.GetInt32("Year") ?? 0,
        entity.GetString("Region") ?? string.Empty,
        entity.GetString("Kind") ?? string.Empty,
        new Yuan(decimal.Parse(entity.GetString("Amount") ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture)),
        entity.GetDateTimeOffset("PostedAtUtc") ?? DateTimeOffset.MinValue,
        entity.GetString("PreviousHash") ?? string.Empty,
        entity.GetString("Hash") ?? string.Empty);
}

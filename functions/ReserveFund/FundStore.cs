using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Domain;
using Serverless.Domain.ReserveFund;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.ReserveFund;

/// <summary>
/// The reserve fund's storage: statements and notices as blobs (<c>work/fund/{fund}/{year}/statements.xlsx</c>,
/// <c>results/fund/{fund}/{year}/…</c>), one row per region and year in <c>fundcontributions</c> (amount and the
/// finance office's confirmation), reminders and escalations in the shared notifications outbox, and the ledger.
/// </summary>
public sealed class FundStore(StorageClients storage, CampaignStore files, WorkbookReader reader, TimeProvider time, IOptions<LedgerOptions> ledger)
{
    private readonly TableClient _contributions = storage.Tables.GetTableClient(StorageNames.FundContributionsTable);
    private readonly NotificationOutbox _outbox = new(storage, time);

    public LedgerTable Ledger { get; } = new(storage.Tables.GetTableClient(StorageNames.FundLedgerTable), time, ledger.Value);

    public static string Folder(InsuranceType fund, int collectionYear) => $"fund/{fund.ToString().ToLowerInvariant()}/{collectionYear}";

    public static string StatementsBlob(InsuranceType fund, int collectionYear) => $"{Folder(fund, collectionYear)}/statements.xlsx";

    public static string PlanBlob(InsuranceType fund, int collectionYear) => $"{Folder(fund, collectionYear)}/plan.json";

    public static string Partition(InsuranceType fund, int collectionYear) => $"{fund}-{collectionYear}";

    public Task<byte[]?> DownloadAsync(string container, string name, CancellationToken cancellationToken) => files.DownloadAsync(container, name, cancellationToken);

    public Task UploadAsync(string container, string name, byte[] content, CancellationToken cancellationToken) => files.UploadAsync(container, name, content, cancellationToken);

    public Task<IReadOnlyList<(string Name, long Size, DateTimeOffset? Modified)>> ListAsync(string container, string prefix, CancellationToken cancellationToken) => files.ListAsync(container, prefix, cancellationToken);

    /// <summary>The year's statements, or null when none are uploaded yet.</summary>
    public async Task<IReadOnlyList<RegionStatement>?> StatementsAsync(InsuranceType fund, int collectionYear, CancellationToken cancellationToken)
    {
        var content = await files.DownloadAsync(StorageNames.WorkContainer, StatementsBlob(fund, collectionYear), cancellationToken);
        if (content is null)
        {
            return null;
        }

        using var stream = new MemoryStream(content);
        var read = reader.ReadSheet(stream, "statements.xlsx", FundSheets.Statements);
        return read.Sheet is null ? [] : FundSheets.ReadStatements(read.Sheet).Statements;
    }

    public async Task SaveContributionAsync(InsuranceType fund, int collectionYear, string region, Yuan amount, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition(fund, collectionYear), region)
        {
            ["Amount"] = amount.Value.ToString("0.00", CultureInfo.InvariantCulture),
            ["Confirmed"] = amount.Value == 0m,
        };
        try
        {
            await _contributions.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            // Written by an earlier try of the same step; the confirmation it may carry is kept.
        }
    }

    public async Task<IReadOnlyList<TableEntity>> ContributionsAsync(InsuranceType fund, int collectionYear, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _contributions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(fund, collectionYear)}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async Task<TableEntity?> ContributionAsync(InsuranceType fund, int collectionYear, string region, CancellationToken cancellationToken)
    {
        var row = await _contributions.GetEntityIfExistsAsync<TableEntity>(Partition(fund, collectionYear), region, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Marks a region's transfer confirmed, once, with the receipt when the finance office gave one: false when it already was (or another call got there first).</summary>
    public async Task<bool> ConfirmAsync(TableEntity row, string official, TransferReceipt? receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.GetBoolean("Confirmed") == true)
        {
            return false;
        }

        row["Confirmed"] = true;
        row["ConfirmedBy"] = official;
        row["ConfirmedAt"] = time.GetUtcNow();
        if (receipt is not null)
        {
            row["ArrivalDate"] = receipt.ArrivalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            row["VoucherNumber"] = receipt.VoucherNumber;
        }

        try
        {
            await _contributions.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException stale) when (stale.Status == 412)
        {
            return false;
        }
    }

    public Task<bool> NotifyAsync(string instanceId, string region, string kind, string recipient, string textZh, string textEn, CancellationToken cancellationToken)
        => _outbox.AddOnceAsync(instanceId, $"{region}-{kind}", kind, recipient, textZh, textEn, new Dictionary<string, object?> { ["Region"] = region }, cancellationToken);

    public Task<IReadOnlyList<TableEntity>> NotificationsAsync(string instanceId, CancellationToken cancellationToken) => _outbox.ForInstanceAsync(instanceId, cancellationToken);
}

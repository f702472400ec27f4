using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Testing;

namespace Serverless.Reliability.Corpus;

/// <summary>
/// What storage holds at one moment: the uploaded blob versions (by ETag), the trigger's receipts, the archive and
/// the reports — enough to tell, for each case, whether it was handled, kept and answered.
/// </summary>
internal sealed class StorageSnapshot
{
    private readonly Dictionary<string, BlobItem> _uploads;
    private readonly Dictionary<(string Container, string RowKey), TableEntity> _receipts;

    private StorageSnapshot(Dictionary<string, BlobItem> uploads, Dictionary<(string, string), TableEntity> receipts, List<BlobItem> archive, List<BlobItem> reports)
    {
        _uploads = uploads;
        _receipts = receipts;
        Archive = archive;
        Reports = reports;
    }

    public IReadOnlyList<BlobItem> Archive { get; }

    public IReadOnlyList<BlobItem> Reports { get; }

    public IEnumerable<TableEntity> AllReceipts => _receipts.Values;

    public static async Task<StorageSnapshot> TakeAsync(StorageClients storage, CancellationToken cancellationToken)
    {
        var uploads = new Dictionary<string, BlobItem>(StringComparer.Ordinal);
        foreach (var container in new[] { StorageNames.BidsContainer, StorageNames.ApplicationsContainer })
        {
            foreach (var blob in await ListAsync(storage, container, cancellationToken))
            {
                uploads[Bare(blob.Properties.ETag!.Value)] = blob;
            }
        }

        var receipts = new Dictionary<(string, string), TableEntity>();
        await foreach (var receipt in storage.Tables.GetTableClient(StorageNames.ReceiptsTable).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            receipts[(receipt.PartitionKey, receipt.RowKey)] = receipt;
        }

        return new StorageSnapshot(uploads, receipts,
            await ListAsync(storage, StorageNames.ArchiveContainer, cancellationToken),
            await ListAsync(storage, StorageNames.ReportsContainer, cancellationToken));
    }

    /// <summary>The blob version this case became, found by the ETag its upload returned (the name may not be what was asked for).</summary>
    public BlobItem? Upload(UploadedCase uploaded) => uploaded.ETag is { } etag ? _uploads.GetValueOrDefault(Bare(etag)) : null;

    /// <summary>The trigger's receipt for this blob version (the scanner keys it by the escaped blob name).</summary>
    public TableEntity? Receipt(UploadedCase uploaded, BlobItem blob)
        => _receipts.GetValueOrDefault((uploaded.Container, BlobUploadScanner.ReceiptKey(blob.Name))) is { } receipt && receipt.GetString("ETag") == blob.Properties.ETag?.ToString()
            ? receipt
            : null;

    public static bool IsSettled(TableEntity? receipt) => receipt?.GetString("Status") is "done" or "poison";

    /// <summary>
    /// The stamp the upload functions put in the archive and report names of a blob version: its creation time and
    /// the tail of its ETag (see BidUploadFunction and ApplicationUploadFunction).
    /// </summary>
    /// <summary>The name the upload handlers give this blob version in the archive and in reports.</summary>
    public static string StampOf(BlobItem blob)
        => new BlobUpload(string.Empty, blob.Name, blob.Properties.ETag!.Value.ToString(), blob.Properties.CreatedOn!.Value).VersionStamp;

    /// <summary>Handled: a settled receipt, or — when the scanner could not record one — an archived copy and a report.</summary>
    public bool IsHandled(UploadedCase uploaded, string campaignId)
    {
        if (Upload(uploaded) is not { } blob)
        {
            return false;
        }

        var stamp = StampOf(blob);
        return IsSettled(Receipt(uploaded, blob)) || (Archive.Any(a => a.Name.Contains(stamp, StringComparison.Ordinal)) && ReportsFor(uploaded, stamp, campaignId).Any());
    }

    /// <summary>
    /// The reports that answer this blob version: those named with its stamp, and for a bid, any in its hospital's
    /// folder of the campaign's round 1 (each bid case has a hospital of its own).
    /// </summary>
    public IEnumerable<BlobItem> ReportsFor(UploadedCase uploaded, string stamp, string campaignId)
    {
        var folder = $"{campaignId}/round-1/{uploaded.Case.Hospital}/";
        return Reports.Where(r => r.Name.Contains(stamp, StringComparison.Ordinal)
            || (uploaded.Case.Kind == HostileUploadKind.Bid && r.Name.StartsWith(folder, StringComparison.Ordinal)));
    }

    /// <summary>An ETag without its quotes: an upload's response quotes it, a listing does not.</summary>
    private static string Bare(ETag etag) => etag.ToString().Trim('"');

    private static async Task<List<BlobItem>> ListAsync(StorageClients storage, string container, CancellationToken cancellationToken)
    {
        var blobs = new List<BlobItem>();
        await foreach (var blob in storage.Blobs.GetBlobContainerClient(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
        {
            blobs.Add(blob);
        }

        return blobs;
    }
}

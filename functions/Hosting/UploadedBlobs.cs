using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Serverless.Functions.Hosting;

/// <summary>
/// What upload handlers do with an uploaded blob before reading it (issue 18): read its properties (size) without
/// downloading, hash it while streaming, and tell a content change from an event that changes nothing — metadata,
/// a second delivery, the same bytes uploaded again — by the last content handled under the blob's name (a row per
/// name in <c>uploadreceipts</c>, partition <c>content-{container}</c>); then keep it by a server-side copy.
/// </summary>
public sealed class UploadedBlobs(StorageClients storage)
{
    private const int StreamBufferBytes = 256 * 1024;
    private readonly TableClient _receipts = storage.Tables.GetTableClient(StorageNames.ReceiptsTable);

    /// <summary>The blob's current size, ETag and when storage last wrote it, or null when it is gone.</summary>
    public async Task<(long Size, string ETag, DateTimeOffset LastModified)?> PropertiesAsync(string container, string name, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await Blob(container, name).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return (properties.ContentLength, properties.ETag.ToString(), properties.LastModified);
        }
        catch (RequestFailedException failure) when (failure.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Hashes the blob version <paramref name="etag"/> while streaming it and takes it on, unless the content last taken
    /// on under this name was these same bytes and was finished (<see cref="FinishAsync"/>): then, as when the blob
    /// changed or went meanwhile (its own event follows), null. An unfinished earlier attempt at the same bytes is
    /// resumed under the archive name it took, so a retry archives and submits under the same names.
    /// </summary>
    public async Task<UploadedContent?> TakeOnAsync(string container, string name, long size, string etag, string archiveBlob, CancellationToken cancellationToken)
    {
        string sha256;
        try
        {
            await using var content = await Blob(container, name).OpenReadAsync(ReadOptions(etag), cancellationToken);
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        }
        catch (RequestFailedException failure) when (failure.Status is 404 or 412)
        {
            return null;
        }

        while (true)
        {
            var last = await _receipts.GetEntityIfExistsAsync<TableEntity>(Partition(container), BlobUploadScanner.ReceiptKey(name), cancellationToken: cancellationToken);
            if (last.HasValue && last.Value!.GetString("Sha256") == sha256)
            {
                return last.Value.GetBoolean("Finished") == true
                    ? null
                    : new UploadedContent(container, name, size, etag, sha256, last.Value.GetString("ArchiveBlob"));
            }

            var taken = new UploadedContent(container, name, size, etag, sha256, archiveBlob);
            try
            {
                // Conditional, so two events of one content racing (the upload and its metadata change) take it on once.
                if (last.HasValue)
                {
                    await _receipts.UpdateEntityAsync(Row(taken, finished: false), last.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _receipts.AddEntityAsync(Row(taken, finished: false), cancellationToken);
                }

                return taken;
            }
            catch (RequestFailedException raced) when (raced.Status is 409 or 412)
            {
                // Another event of this blob took on a content first: compare with it.
            }
        }
    }

    /// <summary>Keeps the taken-on version under its archive name by a server-side copy (nothing passes through this process).</summary>
    public async Task ArchiveAsync(UploadedContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = Blob(StorageNames.ArchiveContainer, content.ArchiveBlob);
        var copy = await target.StartCopyFromUriAsync(Blob(content.Container, content.Name).Uri,
            new BlobCopyFromUriOptions { SourceConditions = new BlobRequestConditions { IfMatch = new ETag(content.ETag) } }, cancellationToken);
        await copy.WaitForCompletionAsync(cancellationToken);
    }

    /// <summary>The content was submitted or refused: a later event bringing the same bytes under this name starts nothing.</summary>
    public Task FinishAsync(UploadedContent content, CancellationToken cancellationToken)
        => _receipts.UpsertEntityAsync(Row(content, finished: true), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Whether the content last taken on under this name was submitted or refused (<see cref="FinishAsync"/>); false before it was taken on.</summary>
    public async Task<bool> IsFinishedAsync(string container, string name, CancellationToken cancellationToken)
    {
        var last = await _receipts.GetEntityIfExistsAsync<TableEntity>(Partition(container), BlobUploadScanner.ReceiptKey(name), select: ["Finished"], cancellationToken: cancellationToken);
        return last.HasValue && last.Value!.GetBoolean("Finished") == true;
    }

    /// <summary>A read stream over the taken-on version (the reader buffers what it needs, within its size limit).</summary>
    public Task<Stream> OpenReadAsync(UploadedContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Blob(content.Container, content.Name).OpenReadAsync(ReadOptions(content.ETag), cancellationToken);
    }

    private static TableEntity Row(UploadedContent content, bool finished) => new(Partition(content.Container), BlobUploadScanner.ReceiptKey(content.Name))
    {
        ["Sha256"] = content.Sha256,
        ["ETag"] = content.ETag,
        ["ArchiveBlob"] = content.ArchiveBlob,
        ["Finished"] = finished,
    };

    private static BlobOpenReadOptions ReadOptions(string etag)
        => new(allowModifications: true) { BufferSize = StreamBufferBytes, Conditions = new BlobRequestConditions { IfMatch = new ETag(etag) } };

    private BlobClient Blob(string container, string name) => storage.Blobs.GetBlobContainerClient(container).GetBlobClient(name);

    private static string Partition(string container) => $"content-{container}";
}

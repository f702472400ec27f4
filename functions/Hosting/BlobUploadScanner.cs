using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The local host's blob trigger: scans each upload container, hands every new blob version to its function once
/// (a receipt per version in a table, so a restart does not repeat it), retries a failing one, and after
/// <see cref="MaxAttempts"/> failures records it as poison with the reason — as the Functions blob trigger does.
/// </summary>
public sealed class BlobUploadScanner(
    StorageClients storage,
    IEnumerable<IBlobUploadHandler> handlers,
    IConfiguration configuration,
    ILogger<BlobUploadScanner> logger) : BackgroundService
{
    public const int MaxAttempts = 5;
    private readonly ConcurrentDictionary<string, string> _done = new(StringComparer.Ordinal);
    private readonly TableClient _receipts = storage.Tables.GetTableClient(StorageNames.ReceiptsTable);

    /// <summary>Scans once; the hosted loop calls it, and tests may call it to avoid waiting.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
    {
        var handled = 0;
        foreach (var handler in handlers)
        {
            var container = storage.Blobs.GetBlobContainerClient(handler.Container);
            var fresh = new List<BlobUpload>();
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
            {
                var etag = blob.Properties.ETag?.ToString() ?? string.Empty;
                if (!_done.TryGetValue(Key(handler.Container, blob.Name), out var seen) || seen != etag)
                {
                    fresh.Add(new BlobUpload(handler.Container, blob.Name, etag, blob.Properties.CreatedOn ?? DateTimeOffset.UtcNow));
                }
            }

            await Parallel.ForEachAsync(fresh.OrderBy(b => b.CreatedAt), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (upload, ct) =>
            {
                if (await HandleOnceAsync(handler, upload, ct))
                {
                    Interlocked.Increment(ref handled);
                }
            });
        }

        return handled;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(configuration.GetValue(AppSettings.UploadScanInterval, 500));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanOnceAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Upload scan failed; scanning again.");
            }

            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> HandleOnceAsync(IBlobUploadHandler handler, BlobUpload upload, CancellationToken cancellationToken)
    {
        var key = Key(upload.Container, upload.Name);
        var rowKey = ReceiptKey(upload.Name);
        var receipt = await _receipts.GetEntityIfExistsAsync<TableEntity>(upload.Container, rowKey, cancellationToken: cancellationToken);
        var attempts = 0;
        if (receipt.HasValue && receipt.Value!.GetString("ETag") == upload.ETag)
        {
            var status = receipt.Value.GetString("Status");
            if (status is "done" or "poison")
            {
                _done[key] = upload.ETag;
                return false;
            }

            attempts = receipt.Value.GetInt32("Attempts") ?? 0;
        }

        try
        {
            await handler.HandleAsync(upload, cancellationToken);
            await SaveReceiptAsync(upload, rowKey, "done", attempts + 1, null, cancellationToken);
            _done[key] = upload.ETag;
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            attempts++;
            logger.LogWarning(error, "Upload {Container}/{Name} failed (attempt {Attempt} of {Max}).", upload.Container, upload.Name, attempts, MaxAttempts);
            var poisoned = attempts >= MaxAttempts;
            await SaveReceiptAsync(upload, rowKey, poisoned ? "poison" : "retry", attempts, error.Message, cancellationToken);
            if (poisoned)
            {
                _done[key] = upload.ETag;
                var message = System.Text.Json.JsonSerializer.Serialize(new { upload.Container, upload.Name, upload.ETag, reason = error.Message });
                await storage.Queues.GetQueueClient(StorageNames.UploadPoisonQueue).SendMessageAsync(message, cancellationToken);
            }

            return false;
        }
    }

    private async Task SaveReceiptAsync(BlobUpload upload, string rowKey, string status, int attempts, string? error, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(upload.Container, rowKey)
        {
            ["ETag"] = upload.ETag,
            ["Status"] = status,
            ["Attempts"] = attempts,
            ["LastError"] = error is null ? null : error[..Math.Min(error.Length, 4000)],
            ["HandledAt"] = DateTimeOffset.UtcNow,
        };
        try
        {
            await _receipts.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException failure)
        {
            logger.LogWarning(failure, "Could not record the receipt of {Name}.", upload.Name);
        }
    }

    private static string Key(string container, string name) => $"{container}/{name}";

    /// <summary>The receipt's row key: the escaped name, or for a name too long for a table key its SHA-256.</summary>
    public static string ReceiptKey(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        return escaped.Length <= MaxReadableKeyLength
            ? escaped
            : "sha256-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));
    }

    /// <summary>Table keys hold at most 1 KiB; longer escaped names are hashed.</summary>
    private const int MaxReadableKeyLength = 512;
}

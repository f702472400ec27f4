using System.Diagnostics;
using System.Security.Cryptography;
using Azure;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Testing;

namespace Serverless.Reliability.Corpus;

/// <summary>
/// Sends the corpus to blob storage in batches, as hospitals would, and waits for the app to answer it: every upload
/// handled (a receipt, done or poison), then every bid validated (its report). A wait that makes no progress for
/// <see cref="Stall"/> gives up, so a hang shows as cases without an answer rather than a run that never ends.
/// </summary>
internal sealed class CorpusUploads(StorageClients storage, string campaignId)
{
    public const int BatchSize = 50;
    public const int MaxInFlight = 150;
    public static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);
    private readonly List<UploadedCase> _uploaded = [];

    public IReadOnlyList<UploadedCase> Uploaded => _uploaded;

    public async Task UploadAsync(IEnumerable<HostileCase> cases, CancellationToken cancellationToken)
    {
        foreach (var batch in cases.Chunk(BatchSize))
        {
            _uploaded.AddRange(await Task.WhenAll(batch.Select(c => UploadOneAsync(c, cancellationToken))));
            var waiting = await WaitForAsync(Unhandled, MaxInFlight, "handled", cancellationToken);
            Console.WriteLine($"  uploaded {_uploaded.Count,5:N0}, waiting for {waiting,4:N0} to be handled");
        }
    }

    /// <summary>Waits until every stored upload has a settled receipt; returns how many have none.</summary>
    public Task<int> WaitForReceiptsAsync(CancellationToken cancellationToken) => WaitForAsync(Unhandled, 0, "handled", cancellationToken);

    /// <summary>
    /// Waits until every handled bid has its validation report (written by the campaign after the trigger), or the
    /// campaign stops running (then no more reports can come).
    /// </summary>
    public Task<int> WaitForBidReportsAsync(Func<CancellationToken, Task<bool>> campaignRunning, CancellationToken cancellationToken) => WaitForAsync(snapshot => _uploaded.Count(c =>
        c.Case.Kind == HostileUploadKind.Bid && snapshot.Upload(c) is { } blob && snapshot.Receipt(c, blob)?.GetString("Status") == "done"
            && !snapshot.ReportsFor(c, StorageSnapshot.StampOf(blob), campaignId).Any()), 0, "answered with a report", cancellationToken, campaignRunning);

    private int Unhandled(StorageSnapshot snapshot) => _uploaded.Count(c => c.StorageRefusal is null && !snapshot.IsHandled(c, campaignId));

    private async Task<int> WaitForAsync(
        Func<StorageSnapshot, int> remaining, int target, string what, CancellationToken cancellationToken, Func<CancellationToken, Task<bool>>? goOn = null)
    {
        var best = int.MaxValue;
        var sinceProgress = Stopwatch.StartNew();
        while (true)
        {
            var left = remaining(await StorageSnapshot.TakeAsync(storage, cancellationToken));
            if (left <= target)
            {
                return left;
            }

            if (left < best)
            {
                best = left;
                sinceProgress.Restart();
            }
            else if (goOn is not null && !await goOn(cancellationToken))
            {
                Console.WriteLine($"  stopped waiting: {left:N0} uploads not {what}, and the campaign is no longer running");
                return left;
            }
            else if (sinceProgress.Elapsed > Stall)
            {
                Console.WriteLine($"  gave up: {left:N0} uploads not {what} after {Stall.TotalSeconds:N0} s without progress");
                return left;
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private async Task<UploadedCase> UploadOneAsync(HostileCase hostile, CancellationToken cancellationToken)
    {
        var container = hostile.Kind == HostileUploadKind.Bid ? StorageNames.BidsContainer : StorageNames.ApplicationsContainer;
        var sent = new UploadedCase(hostile with { Content = [] }, container, hostile.Content.Length, MD5.HashData(hostile.Content), null, null);
        try
        {
            var blob = storage.Blobs.GetBlobContainerClient(container).GetBlobClient(hostile.BlobName);
            var info = await blob.UploadAsync(new BinaryData(hostile.Content), overwrite: true, cancellationToken);
            return sent with { ETag = info.Value.ETag };
        }
        catch (RequestFailedException refused)
        {
            return sent with { StorageRefusal = $"{refused.Status} {refused.ErrorCode}" };
        }
    }
}

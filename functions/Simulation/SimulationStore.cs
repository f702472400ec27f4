using System.Text.RegularExpressions;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Simulation;

/// <summary>
/// What-if runs in the <c>simulations</c> container, the only thing a simulation writes: <c>runs/{runId}.json</c> (the
/// run, created once and never replaced) and <c>campaigns/{campaignId}/{runId}.json</c> (its line in the campaign's list);
/// and the bid workbooks uploaded for simulations, <c>workbooks/{setId}/round-{round}/{hospital}.xlsx</c>.
/// </summary>
public sealed partial class SimulationStore(StorageClients storage)
{
    private readonly BlobContainerClient _container = storage.Blobs.GetBlobContainerClient(StorageNames.SimulationsContainer);

    public static string RunBlob(string runId) => $"runs/{runId}.json";

    public static string ListBlob(string campaignId, string runId) => $"campaigns/{campaignId}/{runId}.json";

    public static string WorkbookBlob(string setId, int round, string hospital) => $"workbooks/{setId}/round-{round}/{hospital}.xlsx";

    /// <summary>Stores (or replaces) a hospital's workbook of a round in a set.</summary>
    public Task SaveWorkbookAsync(string setId, int round, string hospital, byte[] content, CancellationToken cancellationToken)
        => _container.GetBlobClient(WorkbookBlob(setId, round, hospital)).UploadAsync(new BinaryData(content), overwrite: true, cancellationToken);

    /// <summary>A set's workbooks by round and hospital.</summary>
    public async Task<IReadOnlyList<SimulationWorkbook>> WorkbooksAsync(string setId, CancellationToken cancellationToken)
    {
        var found = new List<SimulationWorkbook>();
        var prefix = $"workbooks/{setId}/";
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            if (WorkbookName().Match(blob.Name[prefix.Length..]) is { Success: true } name)
            {
                found.Add(new SimulationWorkbook(setId, name.Groups["round"].Value[0] - '0', name.Groups["hospital"].Value, blob.Properties.ContentLength ?? 0, blob.Properties.LastModified));
            }
        }

        return [.. found.OrderBy(w => w.Round).ThenBy(w => w.Hospital, StringComparer.Ordinal)];
    }

    /// <summary>The bytes of the listed workbooks of one round, by hospital.</summary>
    public async Task<IReadOnlyList<(string Hospital, byte[] Bytes)>> DownloadWorkbooksAsync(IReadOnlyList<SimulationWorkbook> workbooks, int round, CancellationToken cancellationToken)
    {
        var listed = workbooks.Where(w => w.Round == round).ToList();
        var bytes = new byte[listed.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, listed.Count), new ParallelOptions { MaxDegreeOfParallelism = Bidding.CampaignStore.StorageParallelism, CancellationToken = cancellationToken },
            async (i, ct) => bytes[i] = (await _container.GetBlobClient(WorkbookBlob(listed[i].WorkbookSetId, round, listed[i].Hospital)).DownloadContentAsync(ct)).Value.Content.ToArray());
        return [.. listed.Select((w, i) => (w.Hospital, bytes[i]))];
    }

    public async Task<SimulationRecord?> GetAsync(string runId, CancellationToken cancellationToken)
        => await ReadAsync<SimulationRecord>(RunBlob(runId), cancellationToken);

    /// <summary>
    /// Stores a new run unless one with its id exists; either way returns the stored run (see <see cref="SimulationRecord.Answers"/>)
    /// and, when it answers the same request, lists it under its campaign, so a retry after a lost answer completes both writes.
    /// </summary>
    public async Task<(bool Created, SimulationRecord Stored)> CreateAsync(SimulationRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var created = true;
        try
        {
            await _container.GetBlobClient(RunBlob(run.RunId)).UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(run, Workflows.Json)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException failure) when (failure.Status is 409 or 412)
        {
            created = false;
        }

        var stored = created ? run : await GetAsync(run.RunId, cancellationToken) ?? run;
        if (stored.Answers(run.CampaignId, run.ScopeCampaignId, run.WorkbookSetId, run.Overrides))
        {
            await _container.GetBlobClient(ListBlob(stored.CampaignId, stored.RunId))
                .UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(SimulationSummary.Of(stored), Workflows.Json)), overwrite: true, cancellationToken);
        }

        return (created, stored);
    }

    /// <summary>A campaign's runs, newest first.</summary>
    public async Task<IReadOnlyList<SimulationSummary>> ListAsync(string campaignId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"campaigns/{campaignId}/", cancellationToken))
        {
            names.Add(blob.Name);
        }

        var found = new System.Collections.Concurrent.ConcurrentBag<SimulationSummary>();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = Bidding.CampaignStore.StorageParallelism, CancellationToken = cancellationToken }, async (name, ct) =>
        {
            if (await ReadAsync<SimulationSummary>(name, ct) is { } summary)
            {
                found.Add(summary);
            }
        });
        return [.. found.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.RunId, StringComparer.Ordinal)];
    }

    private async Task<T?> ReadAsync<T>(string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<T>(Workflows.Json);
        }
        catch (RequestFailedException failure) when (failure.Status == 404)
        {
            return default;
        }
    }

    [GeneratedRegex(@"^round-(?<round>[12])/(?<hospital>[^/]+)\.xlsx\z")]
    private static partial Regex WorkbookName();
}

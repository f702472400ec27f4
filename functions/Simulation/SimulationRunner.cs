using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Serverless.Domain.Bidding;
using Serverless.Domain.Simulation;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.Simulation;

/// <summary>
/// Runs a what-if on a campaign's bid workbooks: the same workbooks the campaign counts (each hospital's latest judged
/// upload of each round, from the archive), read as the campaign reads them, then the domain's <see cref="WhatIf"/>.
/// It reads the campaign's scope, submissions and archive and writes nothing.
/// </summary>
public sealed class SimulationRunner(CampaignStore store, ScopeCache scopes, WorkbookReader reader, SimulationStore simulations)
{
    /// <summary>Whether a campaign (an orchestration of <see cref="CampaignOrchestration"/>) exists under this id.</summary>
    public static async Task<bool> IsCampaignAsync(DurableTaskClient client, string campaignId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await client.GetInstanceAsync(campaignId, cancellationToken) is { Name: CampaignOrchestration.Name };
    }

    /// <summary>
    /// The scope a run uses and the parameters it starts from: a started campaign's as it runs, or — for a campaign not
    /// started yet — its scope as uploaded now with the parameters a campaign gets. Null when there is no valid scope.
    /// </summary>
    public async Task<CampaignCatalog?> CatalogAsync(string campaignId, bool started, CancellationToken cancellationToken)
    {
        var loaded = started ? await scopes.LoadAsync(campaignId, cancellationToken) : await scopes.ReadAsync(campaignId, cancellationToken);
        return loaded.Scope is null ? null : started ? await scopes.CatalogAsync(campaignId, cancellationToken) : ScopeCache.CatalogOf(loaded.Scope);
    }

    /// <summary>Runs on the campaign's counted workbooks, or on a workbook set's (as listed) when <paramref name="workbookSet"/> is given.</summary>
    public async Task<(WhatIfResult Outcome, long Milliseconds)> RunAsync(string campaignId, IReadOnlyList<SimulationWorkbook>? workbookSet, CampaignCatalog catalog, ParameterOverrides overrides, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var clock = Stopwatch.StartNew();
        Task<IReadOnlyList<(string Hospital, byte[] Bytes)>> Download(int round)
            => workbookSet is null ? DownloadAsync(campaignId, round, cancellationToken) : simulations.DownloadWorkbooksAsync(workbookSet, round, cancellationToken);
        var roundOne = await Download(1);
        var roundTwo = await Download(2);
        var outcome = WhatIf.Run(catalog.Scope, Read(roundOne, 1), Read(roundTwo, 2), catalog.Parameters, overrides);
        return (outcome, clock.ElapsedMilliseconds);
    }

    private ParallelQuery<BidSheet> Read(IReadOnlyList<(string Hospital, byte[] Bytes)> workbooks, int round)
        => workbooks.AsParallel().AsOrdered().Select(w => BidSheets.Read(reader, w.Bytes, new HospitalCode(w.Hospital), round));

    private async Task<IReadOnlyList<(string Hospital, byte[] Bytes)>> DownloadAsync(string campaignId, int round, CancellationToken cancellationToken)
    {
        var counted = await store.CountedWorkbooksAsync(campaignId, round, cancellationToken);
        var bytes = new byte[counted.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, counted.Count), new ParallelOptions { MaxDegreeOfParallelism = CampaignStore.StorageParallelism, CancellationToken = cancellationToken },
            async (i, ct) => bytes[i] = await store.DownloadAsync(StorageNames.ArchiveContainer, counted[i].ArchiveBlob, ct)
                ?? throw new InvalidOperationException($"The archived upload {counted[i].ArchiveBlob} is missing."));
        return [.. counted.Select((c, i) => (c.Hospital, bytes[i]))];
    }
}

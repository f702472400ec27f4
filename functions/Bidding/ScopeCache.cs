using System.Collections.Concurrent;
using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.Bidding;

/// <summary>Each campaign's scope, read and indexed once per process (the scope does not change once a campaign starts).</summary>
public sealed class ScopeCache(CampaignStore store, WorkbookReader reader)
{
    private readonly ConcurrentDictionary<string, ScopeLoadResult> _loaded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CampaignCatalog> _catalogs = new(StringComparer.Ordinal);

    public async Task<ScopeLoadResult> LoadAsync(string campaignId, CancellationToken cancellationToken)
    {
        if (_loaded.TryGetValue(campaignId, out var cached))
        {
            return cached;
        }

        var fileName = CampaignStore.ScopeBlob(campaignId);
        var bytes = await store.DownloadAsync(StorageNames.ScopesContainer, fileName, cancellationToken);
        ScopeLoadResult result;
        if (bytes is null)
        {
            result = new ScopeLoadResult(null, [new SheetIssue(fileName, null, null, null, null, "missing_scope",
                $"未找到范围工作簿 scopes/{fileName}", $"The scope workbook scopes/{fileName} was not found")]);
        }
        else
        {
            var sheets = reader.ReadSheets(new MemoryStream(bytes), fileName, WorkbookSchemas.ScopeSheets);
            var structure = sheets.SelectMany(s => s.Issues).ToList();
            result = structure.Count > 0 ? new ScopeLoadResult(null, structure) : ScopeLoader.Load([.. sheets.Select(s => s.Sheet!)]);
        }

        if (result.IsValid)
        {
            _loaded[campaignId] = result;
        }

        return result;
    }

    public async Task<CampaignCatalog> CatalogAsync(string campaignId, CancellationToken cancellationToken)
    {
        if (_catalogs.TryGetValue(campaignId, out var catalog))
        {
            return catalog;
        }

        var loaded = await LoadAsync(campaignId, cancellationToken);
        catalog = new CampaignCatalog(loaded.Scope ?? throw new InvalidOperationException($"Campaign {campaignId} has no valid scope."), CampaignParameters.Default);
        _catalogs[campaignId] = catalog;
        return catalog;
    }
}

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

        var result = await ReadAsync(campaignId, cancellationToken);
        if (result.IsValid)
        {
            _loaded[campaignId] = result;
        }

        return result;
    }

    /// <summary>The scope workbook as stored now, never cached: a campaign not started yet may still have its scope replaced.</summary>
    public async Task<ScopeLoadResult> ReadAsync(string campaignId, CancellationToken cancellationToken)
    {
        var fileName = CampaignStore.ScopeBlob(campaignId);
        var bytes = await store.DownloadAsync(StorageNames.ScopesContainer, fileName, cancellationToken);
        if (bytes is null)
        {
            return new ScopeLoadResult(null, [new SheetIssue(fileName, null, null, null, null, "missing_scope",
                $"未找到范围工作簿 scopes/{fileName}", $"The scope workbook scopes/{fileName} was not found")]);
        }

        var sheets = reader.ReadSheets(new MemoryStream(bytes), fileName, WorkbookSchemas.ScopeSheets);
        var structure = sheets.SelectMany(s => s.Issues).ToList();
        return structure.Count > 0 ? new ScopeLoadResult(null, structure) : ScopeLoader.Load([.. sheets.Select(s => s.Sheet!)]);
    }

    /// <summary>A campaign's scope indexed with the campaign's parameters (today every campaign runs with DOMAIN.md's defaults).</summary>
    public static CampaignCatalog CatalogOf(CampaignScope scope) => new(scope, CampaignParameters.Default);

    public async Task<CampaignCatalog> CatalogAsync(string campaignId, CancellationToken cancellationToken)
    {
        if (_catalogs.TryGetValue(campaignId, out var catalog))
        {
            return catalog;
        }

        var loaded = await LoadAsync(campaignId, cancellationToken);
        catalog = CatalogOf(loaded.Scope ?? throw new InvalidOperationException($"Campaign {campaignId} has no valid scope."));
        _catalogs[campaignId] = catalog;
        return catalog;
    }
}

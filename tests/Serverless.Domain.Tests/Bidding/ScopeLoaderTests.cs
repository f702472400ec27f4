using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;

namespace Serverless.Domain.Tests.Bidding;

/// <summary>DOMAIN.md §1 Data a campaign starts from: a scope with errors is refused with every error listed.</summary>
public sealed class ScopeLoaderTests
{
    private static RawSheet Sheet(SheetSpec spec, params string?[][] rows)
        => new("scope.xlsx", spec.ChineseName, spec, [.. spec.Columns.Select(_ => true)], [.. rows.Select((cells, i) => new RawRow(i + 2, cells))]);

    private static List<RawSheet> Workbook(string?[][]? hospitals = null, string?[][]? prices = null) =>
    [
        Sheet(WorkbookSchemas.Leagues, ["L1", "呼和浩特市", "1,000,000", "2%"], ["L2", "包头市", "500000", null]),
        Sheet(WorkbookSchemas.Hospitals, hospitals ?? [["H1", "第一医院", "L1", "3", "是", "否", null]]),
        Sheet(WorkbookSchemas.Items, ["I1", "腹腔镜手术", "100", "30", "是", null, "N"]),
        Sheet(WorkbookSchemas.CurrentPrices, prices ?? [["L1", "I1", "90", "81", "72.9"], ["L2", "I1", "95", "85.5", "76.95"]]),
        Sheet(WorkbookSchemas.Providers, ["H1", "I1", "1200"]),
    ];

    [Fact]
    public void A_clean_scope_loads_with_blank_flags_as_no_and_percent_floats()
    {
        var result = ScopeLoader.Load(Workbook());

        Assert.True(result.IsValid);
        var scope = result.Scope!;
        Assert.Equal(0.02m, scope.Leagues[0].Growth);
        Assert.Null(scope.Leagues[1].Growth);
        Assert.Equal(1_000_000m, scope.Leagues[0].BaseRevenue.Value);
        Assert.Equal(0.3m, scope.Items[0].FloatRange);
        Assert.Equal(new PolicyFlags(true, false, false), scope.Items[0].Flags);
        Assert.False(scope.Hospitals[0].IsTcmOrMongolian);
    }

    [Fact]
    public void Unknown_league_bad_tier_duplicate_code_and_missing_price_are_all_listed()
    {
        var result = ScopeLoader.Load(Workbook(
            hospitals: [["H1", "第一医院", "L9", "4", "是", "否", "否"], ["H1", "重复医院", "L1", "2", "是", "否", "也许"]],
            prices: [["L1", "I1", "90", "81", "72.9"]]));

        Assert.False(result.IsValid);
        Assert.Equal(
            ["医疗机构:2:bad_tier", "医疗机构:2:unknown_league", "医疗机构:3:not_yes_no", "医疗机构:3:duplicate_code", "服务量:2:unknown_hospital", "现行价格::missing_current_price"],
            result.Issues.Select(i => $"{i.SheetName}:{i.RowNumber}:{i.Code}"));
    }
}

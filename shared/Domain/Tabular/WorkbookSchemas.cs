namespace Serverless.Domain.Tabular;

/// <summary>The sheets and columns of the campaign-scope and bid workbooks (DOMAIN.md §1 Workbook columns).</summary>
public static class WorkbookSchemas
{
    public static readonly SheetSpec Leagues = new("盟市", "leagues",
    [
        new("league_code", "盟市编码", "league_code", true),
        new("league_name", "盟市名称", "league_name", true),
        new("base_revenue", "历史基数", "base_revenue", true),
        new("growth", "增长系数", "growth", false),
    ]);

    public static readonly SheetSpec Hospitals = new("医疗机构", "hospitals",
    [
        new("hospital_code", "机构编码", "hospital_code", true),
        new("hospital_name", "机构名称", "hospital_name", true),
        new("league_code", "盟市编码", "league_code", true),
        new("tier", "等级", "tier", true),
        new("public", "公立", "public", true),
        new("grassroots", "基层", "grassroots", true),
        new("tcm", "中医蒙医", "tcm", true),
    ]);

    public static readonly SheetSpec Items = new("项目", "items",
    [
        new("item_code", "项目编码", "item_code", true),
        new("item_name", "项目名称", "item_name", true),
        new("benchmark", "基准价格", "benchmark", true),
        new("float", "浮动幅度", "float", false),
        new("surgical", "手术或高风险", "surgical", false),
        new("weak_discipline", "薄弱学科", "weak_discipline", false),
        new("tcm", "中医蒙医", "tcm", false),
    ]);

    public static readonly SheetSpec CurrentPrices = new("现行价格", "current_prices",
    [
        new("league_code", "盟市编码", "league_code", true),
        new("item_code", "项目编码", "item_code", true),
        new("current_t3", "三级价格", "current_t3", true),
        new("current_t2", "二级价格", "current_t2", true),
        new("current_t1", "一级价格", "current_t1", true),
    ]);

    public static readonly SheetSpec Providers = new("服务量", "providers",
    [
        new("hospital_code", "机构编码", "hospital_code", true),
        new("item_code", "项目编码", "item_code", true),
        new("volume", "上年服务量", "volume", true),
    ]);

    /// <summary>The bid sheet; the clerk-convenience columns are read only to warn or to reject a foreign 机构编码.</summary>
    public static readonly SheetSpec Bids = new("报价", "bids",
    [
        new("item_code", "项目编码", "item_code", true),
        new("proposed_price", "申报价格", "proposed_price", true),
        new("unit_cost", "单位成本", "unit_cost", false),
        new("reason", "申报理由", "reason", false),
        new("withdraw", "撤回", "withdraw", false),
        new("item_name", "项目名称", "item_name", false),
        new("hospital_code", "机构编码", "hospital_code", false),
        new("hospital_name", "机构名称", "hospital_name", false),
        new("tier", "等级", "tier", false),
        new("current_price", "现行价格", "current_price", false),
    ], FallbackToFirstSheet: true);

    public static readonly IReadOnlyList<SheetSpec> ScopeSheets = [Leagues, Hospitals, Items, CurrentPrices, Providers];
}

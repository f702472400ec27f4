using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;

namespace Serverless.Spreadsheets.Writing;

/// <summary>The bidding workbooks, laid out with the Chinese headers of DOMAIN.md §1: templates, inputs and results.</summary>
public static class BiddingWorkbooks
{
    private static readonly string[] YesNo = ["是", "否"];
    private static readonly string[] Tiers = ["1", "2", "3"];

    public static byte[] Scope(CampaignScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return WorkbookWriter.ToBytes(
        [
            Table(WorkbookSchemas.Leagues, scope.Leagues.Select(l => Row(l.Code.Value, l.Name, l.BaseRevenue.Value, l.Growth))),
            Table(WorkbookSchemas.Hospitals, scope.Hospitals.Select(h => Row(h.Code.Value, h.Name, h.League.Value, (int)h.Tier, h.IsPublic, h.IsGrassroots, h.IsTcmOrMongolian)),
                ("league_code", scope.Leagues.Select(l => l.Code.Value).ToList()), ("tier", Tiers), ("public", YesNo), ("grassroots", YesNo), ("tcm", YesNo)),
            Table(WorkbookSchemas.Items, scope.Items.Select(i => Row(i.Code.Value, i.Name, i.Benchmark.Value, i.FloatRange, i.Flags.SurgicalOrHighRisk, i.Flags.WeakDiscipline, i.Flags.TcmOrMongolian)),
                ("surgical", YesNo), ("weak_discipline", YesNo), ("tcm", YesNo)),
            Table(WorkbookSchemas.CurrentPrices, scope.CurrentPrices.Select(p => Row(p.League.Value, p.Item.Value, p.Tier3.Value, p.Tier2.Value, p.Tier1.Value))),
            Table(WorkbookSchemas.Providers, scope.Providers.Select(p => Row(p.Hospital.Value, p.Item.Value, p.Volume))),
        ]);
    }

    /// <summary>
    /// A bid workbook as a clerk fills it in: the 报价 sheet (pre-filled with the hospital's items when given), and a
    /// 说明 sheet explaining each column. Tier and withdraw cells offer drop-down lists.
    /// </summary>
    public static byte[] BidTemplate(int round, Hospital? hospital = null, IEnumerable<ScopeItem>? items = null, CampaignCatalog? catalog = null)
    {
        var rows = (items ?? []).Select(i => Row(
            i.Code.Value, null, null, null, round == 2 ? "否" : null, i.Name,
            hospital?.Code.Value, hospital?.Name, hospital is null ? null : (int)hospital.Tier,
            hospital is null || catalog is null ? null : catalog.CurrentPrice(hospital.League, i.Code).At(hospital.Tier).Value));
        var bids = Table(WorkbookSchemas.Bids, rows, ("tier", Tiers), ("withdraw", YesNo)) with
        {
            Columns = [.. WorkbookSchemas.Bids.Columns.Where(c => round == 2 || c.Key != "withdraw").Select(c => Column(c, WorkbookSchemas.Bids, ("tier", Tiers), ("withdraw", YesNo)))],
            Rows = round == 2 ? rows : rows.Select(r => (IReadOnlyList<object?>)[.. r.Take(4), .. r.Skip(5)]),
        };
        var notes = new SheetTable("说明", [new TableColumn("列", 16), new TableColumn("英文名", 16), new TableColumn("必填", 8), new TableColumn("说明", 80)],
            WorkbookSchemas.Bids.Columns.Where(c => round == 2 || c.Key != "withdraw").Select(c => Row(c.ChineseHeader, c.Alias, c.Required, Explain(c.Key))));
        return WorkbookWriter.ToBytes([bids, notes]);
    }

    /// <summary>A filled bid workbook, written as a clerk would send it (used by the sample generator and tests).</summary>
    public static byte[] Bids(IEnumerable<IReadOnlyList<object?>> rows, bool withWithdraw, IReadOnlyList<string>? titleLines = null)
    {
        var columns = WorkbookSchemas.Bids.Columns.Take(withWithdraw ? 5 : 4).Select(c => new TableColumn(c.ChineseHeader)).ToList();
        return WorkbookWriter.ToBytes([new SheetTable("报价", columns, rows) { TitleLines = titleLines ?? [] }]);
    }

    /// <summary>The invited hospitals, each with the blob path its bid goes to (<paramref name="uploadPath"/>).</summary>
    public static byte[] Invitations(IEnumerable<Hospital> invited, Func<HospitalCode, string> uploadPath)
    {
        ArgumentNullException.ThrowIfNull(invited);
        ArgumentNullException.ThrowIfNull(uploadPath);
        return WorkbookWriter.ToBytes([new SheetTable("受邀机构",
            [new TableColumn("机构编码"), new TableColumn("机构名称", 30), new TableColumn("盟市编码"), new TableColumn("等级", 8), new TableColumn("上传路径", 50)],
            invited.Select(h => Row(h.Code.Value, h.Name, h.League.Value, (int)h.Tier, uploadPath(h.Code))))]);
    }

    public static byte[] Feedback(HospitalFeedback feedback, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var priceHeader = feedback.Round == 1 ? "参考价格(三级)" : "采纳价格(三级)";
        var table = new SheetTable("反馈",
            [
                new TableColumn("行号", 8), new TableColumn("项目编码"), new TableColumn("申报价格"), new TableColumn("撤回", 8), new TableColumn("是否有效", 10),
                new TableColumn("问题", 50), new TableColumn("Problems", 50), new TableColumn(priceHeader), new TableColumn("本院等级价格"), new TableColumn("排名", 8), new TableColumn("采纳结果", 10),
            ],
            feedback.Rows.Select(r => Row(r.RowNumber, r.ItemCode, r.ProposedPrice, r.Withdraw, r.IsValid, r.ProblemsZh, r.ProblemsEn, r.Tier3Price, r.PriceAtHospitalTier, r.Rank,
                r.Decision switch { AdoptionDecision.Adopted => "采纳", AdoptionDecision.Skipped => "未采纳", _ => null })))
        {
            TitleLines = [$"批次 {campaignId} 第 {feedback.Round} 轮报价反馈 — 机构 {feedback.Hospital.Value}" + (feedback.Rejection.Count > 0 ? "（整个文件未受理：" + string.Join("；", feedback.Rejection.Select(i => i.MessageZh)) + "）" : string.Empty)],
        };
        return WorkbookWriter.ToBytes([table]);
    }

    public static byte[] GuidePrices(LeagueResult league, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(league);
        var table = new SheetTable("指导价格",
            [
                new TableColumn("排名", 8), new TableColumn("项目编码"), new TableColumn("项目名称", 24), new TableColumn("报价数", 8), new TableColumn("提供机构数", 10),
                new TableColumn("三级价格"), new TableColumn("二级价格"), new TableColumn("一级价格"), new TableColumn("现行三级价格"), new TableColumn("调价影响(元)", 16),
                new TableColumn("经济因素E"), new TableColumn("政策因素P"), new TableColumn("共识因素C"), new TableColumn("综合得分S"), new TableColumn("结果", 10), new TableColumn("原因", 24),
            ],
            league.Rows.Select(r => Row(r.Rank, r.Item.Value, r.ItemName, r.ProposalCount, r.ProviderCount, r.Tier3Price, r.Tier2Price, r.Tier1Price, r.CurrentTier3Price,
                r.Impact.Value, r.Economic, r.Policy, r.Consensus, r.Score, r.Decision == AdoptionDecision.Adopted ? "采纳" : "未采纳", r.SkipReasonZh)))
        {
            TitleLines = [$"批次 {campaignId} {league.Budget.Name}（{league.League.Value}）政府指导价格 — 预算 {league.Budget.BiddingBudget.RoundToFen()} 元"],
        };
        return WorkbookWriter.ToBytes([table]);
    }

    public static byte[] Summary(CampaignResult result, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = result.Leagues.Select(l => Row(l.League.Value, l.Budget.Name, l.Budget.AdjustmentTotal.RoundToFen(), l.Budget.BiddingBudget.RoundToFen(),
            l.Saving.RoundToFen(), l.UsedByRises.RoundToFen(), l.Net.RoundToFen(), l.AdoptedCount, l.SkippedCount)).ToList();
        rows.Add(Row("合计", "全区", result.Budget.RegionalAdjustmentTotal.RoundToFen(), result.RegionalBiddingBudget.RoundToFen(), result.TotalSaving.RoundToFen(),
            result.TotalUsedByRises.RoundToFen(), result.TotalNet.RoundToFen(), result.TotalAdopted, result.TotalSkipped));
        var table = new SheetTable("汇总",
            [
                new TableColumn("盟市编码"), new TableColumn("盟市名称"), new TableColumn("调价总量(元)", 16), new TableColumn("复杂型项目预算(元)", 18), new TableColumn("降价节约(元)", 16),
                new TableColumn("涨价使用(元)", 16), new TableColumn("净额(元)", 16), new TableColumn("采纳项目数", 10), new TableColumn("未采纳项目数", 12),
            ],
            rows)
        {
            TitleLines = [$"批次 {campaignId} 全区汇总"],
        };
        return WorkbookWriter.ToBytes([table]);
    }

    /// <summary>Every problem found in an upload: file, sheet, row, column, value and reason, in Chinese and English.</summary>
    public static byte[] ErrorReport(IEnumerable<SheetIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var table = new SheetTable("错误报告",
            [
                new TableColumn("文件", 24), new TableColumn("工作表"), new TableColumn("行", 8), new TableColumn("列"), new TableColumn("值", 20),
                new TableColumn("级别", 8), new TableColumn("代码", 20), new TableColumn("原因", 50), new TableColumn("Reason", 50),
            ],
            issues.Select(i => Row(i.FileName, i.SheetName, i.RowNumber, i.Column, i.Value, i.Severity == IssueSeverity.Error ? "错误" : "警告", i.Code, i.MessageZh, i.MessageEn)));
        return WorkbookWriter.ToBytes([table]);
    }

    private static IReadOnlyList<object?> Row(params object?[] cells) => cells;

    private static SheetTable Table(SheetSpec spec, IEnumerable<IReadOnlyList<object?>> rows, params (string Key, IReadOnlyList<string> Values)[] lists)
        => new(spec.ChineseName, [.. spec.Columns.Select(c => Column(c, spec, lists))], rows);

    private static TableColumn Column(ColumnSpec column, SheetSpec spec, params (string Key, IReadOnlyList<string> Values)[] lists)
        => new(column.ChineseHeader, Math.Max(12, column.ChineseHeader.Length * 2.4), lists.FirstOrDefault(l => l.Key == column.Key && spec.Columns.Contains(column)).Values);

    private static string Explain(string key) => key switch
    {
        "item_code" => "本批次项目编码，每个项目一行，重复出现的项目全部无效",
        "proposed_price" => "按本院等级申报的价格（元），大于 0，最多 2 位小数，须在基准价格 ×(1±浮动幅度)× 等级系数 之内",
        "unit_cost" => "可选：本院等级的单位成本（元），如填写须大于 0",
        "reason" => "可选：申报理由",
        "withdraw" => "第二轮：填“是”撤回首轮报价（此时不读取价格）；第二轮只能降价或维持",
        "item_name" => "仅供核对，以项目范围表为准",
        "hospital_code" => "仅供核对；如填写，须与上传路径中的机构编码一致，否则该行无效",
        "hospital_name" => "仅供核对",
        "tier" => "仅供核对（1/2/3），以机构信息为准",
        "current_price" => "仅供核对，以现行价格表为准",
        _ => string.Empty,
    };
}

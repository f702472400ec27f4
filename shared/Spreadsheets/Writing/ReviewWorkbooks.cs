using System.Globalization;
using Serverless.Domain.Monitoring;
using Serverless.Domain.NewItems;
using Serverless.Domain.Reviews;
using Serverless.Domain.Tabular;

namespace Serverless.Spreadsheets.Writing;

/// <summary>The annual review's report (DOMAIN.md §4): the composite scores, new items whose trial ends soon, and hospitals over the 10 % limits.</summary>
public static class ReviewWorkbooks
{
    public const string ScoresSheet = "评估得分";
    public const string TrialsSheet = "试行期将满";
    public const string OverLimitSheet = "市场调节价超限";
    public const string MonitoringSheet = "监测评价";

    /// <param name="indicators">The indicator sheet the scores were read from; its dimension headers head the score columns.</param>
    public static byte[] Report(
        string title,
        SheetSpec indicators,
        IReadOnlyList<CompositeScore> scores,
        decimal trigger,
        DateOnly reviewDate,
        int trialWindowDays,
        IReadOnlyList<TrialPeriod> trialsEnding,
        IReadOnlyList<MarketRegulatedPosition> overLimit,
        NewItemParameters limits,
        IReadOnlyList<CampaignEvaluation>? monitoring = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(trialsEnding);
        ArgumentNullException.ThrowIfNull(overLimit);
        ArgumentNullException.ThrowIfNull(limits);
        var scoreSheet = new SheetTable(ScoresSheet,
            [new TableColumn("盟市编码"), .. IndicatorSheets.Dimensions(indicators).Select(d => new TableColumn(d.ChineseHeader, 18)), new TableColumn("综合得分"), new TableColumn("是否触发", 10)],
            scores.OrderBy(s => s.League, StringComparer.Ordinal).Select(s => (IReadOnlyList<object?>)[s.League, .. s.Dimensions.Cast<object?>(), s.Total, s.Triggered]))
        {
            TitleLines = [$"{title}（评估日 {Date(reviewDate)}，触发线 {trigger.ToString(CultureInfo.InvariantCulture)}）"],
        };
        var trialSheet = new SheetTable(TrialsSheet,
            [new TableColumn("申请编号", 28), new TableColumn("机构编码"), new TableColumn("项目名称", 30), new TableColumn("试行开始"), new TableColumn("试行期满"), new TableColumn("距期满天数", 10), new TableColumn("已延期", 8)],
            trialsEnding.OrderBy(t => t.EndDate).ThenBy(t => t.ApplicationId, StringComparer.Ordinal).Select(t => (IReadOnlyList<object?>)
                [t.ApplicationId, t.Hospital.Value, t.ItemName, Date(t.StartDate), Date(t.EndDate), t.EndDate.DayNumber - reviewDate.DayNumber, t.Extended]))
        {
            TitleLines = [$"试行期在 {Date(reviewDate)} 起 {trialWindowDays} 天内期满的新增项目"],
        };
        var limitSheet = new SheetTable(OverLimitSheet,
            [
                new TableColumn("机构编码"), new TableColumn("收费项目数", 10), new TableColumn("市场调节价项目数", 16), new TableColumn("项目占比", 10),
                new TableColumn("医疗服务收入(元)", 18), new TableColumn("市场调节价收入(元)", 18), new TableColumn("收入占比", 10),
                new TableColumn("项目数超限", 10), new TableColumn("收入超限", 10),
            ],
            overLimit.OrderBy(p => p.Hospital.Value, StringComparer.Ordinal).Select(p => (IReadOnlyList<object?>)
                [
                    p.Hospital.Value, p.ChargeItems, p.MarketRegulatedItems, Percent(p.ItemShare), p.MedicalServiceRevenue.RoundToFen(),
                    p.MarketRegulatedRevenue.RoundToFen(), Percent(p.RevenueShare), p.ExceedsItemLimit(limits), p.ExceedsRevenueLimit(limits),
                ]))
        {
            TitleLines = [$"市场调节价项目数或收入超过 {Percent(limits.MarketRegulatedItemShareLimit)} / {Percent(limits.MarketRegulatedRevenueShareLimit)} 的公立医疗机构"],
        };
        return WorkbookWriter.ToBytes([scoreSheet, trialSheet, limitSheet, MonitoringTable(monitoring ?? [])]);
    }

    /// <summary>
    /// DOMAIN.md §6 After: per campaign monitored and league/city, the last four quarters' fit, then one row per priority
    /// candidate (flagged in at least two of them) with the quarters it was deviating or in price-volume conflict.
    /// </summary>
    private static SheetTable MonitoringTable(IReadOnlyList<CampaignEvaluation> monitoring)
    {
        static string Fits(LeagueEvaluation e) => string.Join("；", e.Fits.Select(f => $"{f.Quarter} {(f.Received ? f.Fit?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "—" : "未报")}"));
        static string Quarters(IReadOnlyList<MonitoringQuarter> quarters) => string.Join("、", quarters);
        var rows = monitoring
            .OrderBy(c => c.CampaignId, StringComparer.Ordinal)
            .SelectMany(c => c.Leagues.OrderBy(l => l.League.Value, StringComparer.Ordinal).SelectMany(l => l.Candidates.Count == 0
                ? [(IReadOnlyList<object?>)[c.CampaignId, l.League.Value, l.LeagueName, Fits(l), null, null, null, null]]
                : l.Candidates.Select(k => (IReadOnlyList<object?>)[c.CampaignId, l.League.Value, l.LeagueName, Fits(l), k.Item.Value, k.ItemName, Quarters(k.DeviatingQuarters), Quarters(k.ConflictQuarters)])));
        return new SheetTable(MonitoringSheet,
            [
                new TableColumn("批次", 20), new TableColumn("盟市编码"), new TableColumn("盟市名称", 14), new TableColumn("近四季度拟合度", 48),
                new TableColumn("优先纳入项目编码", 16), new TableColumn("项目名称", 30), new TableColumn("偏离季度", 20), new TableColumn("价量背离季度", 20),
            ],
            rows)
        {
            TitleLines = [monitoring.Count == 0 ? "没有已开始的价格调整监测" : "价格调整监测评价：近四季度拟合度，及两个季度以上偏离或价量背离、建议优先纳入下一批调价的项目"],
        };
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Percent(decimal ratio) => Math.Round(ratio * 100m, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}

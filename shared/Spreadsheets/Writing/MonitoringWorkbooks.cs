using System.Globalization;
using Serverless.Domain;
using Serverless.Domain.Monitoring;

namespace Serverless.Spreadsheets.Writing;

/// <summary>
/// The quarterly monitoring reports (DOMAIN.md §6): per league/city its adopted items (predicted, actual, deviation,
/// volume, flags) and hospitals (shares against the baseline); the regional one lists each league/city's fit and the
/// leagues still missing; the template is the workbook a league's bureau fills in.
/// </summary>
public static class MonitoringWorkbooks
{
    public const string ItemsSheet = "项目监测";
    public const string HospitalsSheet = "机构指标";
    public const string RegionalSheet = "全区汇总";
    public const string NotReceived = "未上报";

    public static byte[] LeagueReport(LeagueQuarterReport report, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(report);
        var items = new SheetTable(ItemsSheet,
            [
                new TableColumn("项目编码"), new TableColumn("项目名称", 28), new TableColumn("调整方向", 10), new TableColumn("预测影响(元)", 16), new TableColumn("实际影响(元)", 16),
                new TableColumn("偏差", 10), new TableColumn("本季服务量", 12), new TableColumn("基期季均服务量", 14), new TableColumn("偏差预警", 10), new TableColumn("量价背离", 10),
            ],
            report.Items.Select(i => (IReadOnlyList<object?>)
            [
                i.Item.Value, i.ItemName, Direction(i.Direction), i.Predicted.RoundToFen(), i.Actual.RoundToFen(), i.Deviation is { } d ? Percent(d) : "—",
                i.Volume, Math.Round(i.ExpectedVolume, 2, MidpointRounding.AwayFromZero), i.Deviating, i.VolumeConflict,
            ]))
        {
            TitleLines =
            [
                $"{report.LeagueName}（{report.League.Value}）{report.Quarter} 价格调整监测 · 批次 {campaignId}",
                $"预测影响合计 {Money(report.TotalPredicted)} 元，实际影响合计 {Money(report.TotalActual)} 元，契合度 {Fit(report.Fit)}",
            ],
        };
        var hospitals = new SheetTable(HospitalsSheet,
            [
                new TableColumn("机构编码"), new TableColumn("机构名称", 24), new TableColumn("医疗服务收入占比", 16), new TableColumn("基期占比", 12), new TableColumn("变化(百分点)", 14),
                new TableColumn("个人自付占比", 14), new TableColumn("基期占比", 12), new TableColumn("变化(百分点)", 14),
            ],
            report.Hospitals.Select(h => (IReadOnlyList<object?>)
            [
                h.Hospital.Value, h.HospitalName, Share(h.ServiceShare), Share(h.BaselineServiceShare), Points(h.ServiceShareChangePoints),
                Share(h.OutOfPocketShare), Share(h.BaselineOutOfPocketShare), Points(h.OutOfPocketShareChangePoints),
            ]))
        {
            TitleLines = ["占比以医疗收入为分母；基期为基准年同一季度；无数据显示为“—”"],
        };
        return WorkbookWriter.ToBytes([items, hospitals]);
    }

    /// <param name="leagues">Every league/city of the campaign with its name; those without a report are listed as not received.</param>
    public static byte[] RegionalReport(MonitoringQuarter quarter, string campaignId, IReadOnlyList<(string League, string Name)> leagues, IReadOnlyList<LeagueQuarterReport> reports)
    {
        ArgumentNullException.ThrowIfNull(leagues);
        ArgumentNullException.ThrowIfNull(reports);
        var byLeague = reports.ToDictionary(r => r.League.Value, StringComparer.Ordinal);
        var sheet = new SheetTable(RegionalSheet,
            [
                new TableColumn("盟市编码"), new TableColumn("盟市名称", 14), new TableColumn("上报情况", 10), new TableColumn("预测影响(元)", 16), new TableColumn("实际影响(元)", 16),
                new TableColumn("契合度", 10), new TableColumn("偏差预警项目数", 14), new TableColumn("量价背离项目数", 14),
            ],
            leagues.Select(l => byLeague.TryGetValue(l.League, out var r)
                ? (IReadOnlyList<object?>)[l.League, l.Name, "已上报", r.TotalPredicted.RoundToFen(), r.TotalActual.RoundToFen(), Fit(r.Fit), r.DeviatingCount, r.ConflictCount]
                : [l.League, l.Name, NotReceived, null, null, "—", null, null]))
        {
            TitleLines = [$"{quarter} 价格调整监测全区汇总 · 批次 {campaignId}（已上报 {reports.Count} / {leagues.Count} 个盟市）"],
        };
        return WorkbookWriter.ToBytes([sheet]);
    }

    /// <summary>The empty workbook a league's bureau fills in each quarter: its two sheets with their Chinese headers.</summary>
    public static byte[] Template()
        => WorkbookWriter.ToBytes([.. MonitoringSheets.Sheets.Select(spec => new SheetTable(spec.ChineseName, [.. spec.Columns.Select(c => new TableColumn(c.ChineseHeader, 16))], []))]);

    /// <summary>A workbook of rows under the two sheets' headers, as a bureau would send it (samples and tests).</summary>
    public static byte[] Filled(IEnumerable<IReadOnlyList<object?>> volumes, IEnumerable<IReadOnlyList<object?>> operations)
        => WorkbookWriter.ToBytes(
        [
            new SheetTable(MonitoringSheets.Volumes.ChineseName, [.. MonitoringSheets.Volumes.Columns.Select(c => new TableColumn(c.ChineseHeader))], volumes),
            new SheetTable(MonitoringSheets.Operations.ChineseName, [.. MonitoringSheets.Operations.Columns.Select(c => new TableColumn(c.ChineseHeader))], operations),
        ]);

    private static string Direction(PriceDirection direction) => direction switch
    {
        PriceDirection.Rise => "上调",
        PriceDirection.Cut => "下调",
        _ => "不变",
    };

    private static string Fit(decimal? fit) => fit is { } f ? f.ToString("0.0000", CultureInfo.InvariantCulture) : "—";

    private static string Money(Yuan amount) => amount.RoundToFen().Value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static string Percent(decimal ratio) => Math.Round(ratio * 100m, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Share(decimal? share) => share is { } s ? Percent(s) : "—";

    private static string Points(decimal? points) => points is { } p ? p.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "—";
}

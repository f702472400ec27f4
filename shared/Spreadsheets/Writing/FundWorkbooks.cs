using System.Globalization;
using Serverless.Domain;
using Serverless.Domain.ReserveFund;

namespace Serverless.Spreadsheets.Writing;

/// <summary>The reserve-fund documents of DOMAIN.md §3: a region's collection notice and the fund's annual report.</summary>
public static class FundWorkbooks
{
    private static readonly TableColumn[] LabelValueColumns = [new TableColumn("项目", 30), new TableColumn("内容", 40)];

    public static byte[] CollectionNotice(InsuranceType fund, int year, string region, Yuan contribution, Yuan revenueExcludingPersonalAccounts, decimal ratio, bool scaled, DateOnly dueDate)
    {
        ArgumentNullException.ThrowIfNull(region);
        return WorkbookWriter.ToBytes(
        [
            LabelValues("调剂金上解通知", $"{year} 年度{FundName(fund)}调剂金上解通知",
                ("基金类型", FundName(fund)),
                ("年度", year),
                ("统筹区编码", region),
                ("统筹基金收入（不含个人账户，元）", revenueExcludingPersonalAccounts.RoundToFen()),
                ("上解比例", Percent(ratio)),
                ("因达到封顶线按比例缩减", scaled),
                ("上解金额(元)", contribution.RoundToFen()),
                ("上解截止日期", dueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        ]);
    }

    /// <summary>
    /// The year's report: each region's contribution, the whole ledger as posted, and a summary with the cap, the
    /// balances and whether the hash chain verified (<paramref name="verifyProblem"/> is <see cref="Ledger.Verify"/>'s answer).
    /// </summary>
    public static byte[] AnnualReport(InsuranceType fund, int year, Collection collection, IReadOnlyList<RegionStatement> statements, IReadOnlyList<LedgerEntry> ledger, string? verifyProblem)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(ledger);
        var title = $"{year} 年度{FundName(fund)}调剂金年度报告";
        var revenues = statements.ToDictionary(s => s.Region, s => s.RevenueExcludingPersonalAccounts, StringComparer.Ordinal);
        var contributions = new SheetTable("上解明细",
            [new TableColumn("统筹区编码"), new TableColumn("统筹基金收入（不含个人账户，元）", 30), new TableColumn("上解金额(元)", 16)],
            collection.Contributions.OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => Row(c.Key, revenues.TryGetValue(c.Key, out var revenue) ? revenue.RoundToFen() : null, c.Value.RoundToFen())))
        {
            TitleLines = [title],
        };
        var entries = new SheetTable("账本",
            [
                new TableColumn("序号", 8), new TableColumn("年度", 8), new TableColumn("统筹区编码"), new TableColumn("类型", 16), new TableColumn("金额(元)", 16),
                new TableColumn("记账时间(UTC)", 22), new TableColumn("哈希", 68),
            ],
            ledger.Select(e => Row(e.Sequence, e.Year, e.Region, e.Kind, e.Amount.RoundToFen(),
                e.PostedAtUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.Hash)));
        var summary = LabelValues("汇总", title,
            ("封顶线(元)", collection.Cap.RoundToFen()),
            ("上解前余额(元)", collection.BalanceBefore.RoundToFen()),
            ("本年上解合计(元)", collection.Total.RoundToFen()),
            ("上解后余额(元)", collection.BalanceAfter.RoundToFen()),
            ("因达到封顶线按比例缩减", collection.Scaled),
            ("账本校验", verifyProblem ?? "完整"));
        return WorkbookWriter.ToBytes([contributions, entries, summary]);
    }

    private static SheetTable LabelValues(string name, string title, params (string Label, object? Value)[] rows)
        => new(name, LabelValueColumns, rows.Select(r => Row(r.Label, r.Value))) { TitleLines = [title] };

    private static string FundName(InsuranceType fund) => fund switch
    {
        InsuranceType.Employees => "职工基本医疗保险",
        InsuranceType.Residents => "城乡居民基本医疗保险",
        _ => throw new ArgumentOutOfRangeException(nameof(fund), fund, "Unknown insurance type."),
    };

    private static string Percent(decimal ratio) => (ratio * 100m).ToString("0.####", CultureInfo.InvariantCulture) + "%";

    private static IReadOnlyList<object?> Row(params object?[] cells) => cells;
}

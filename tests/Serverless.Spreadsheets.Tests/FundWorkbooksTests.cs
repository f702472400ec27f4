using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Serverless.Domain;
using Serverless.Domain.ReserveFund;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Spreadsheets.Tests;

/// <summary>DOMAIN.md §3: the collection notice and the annual report read back with the numbers that were written.</summary>
public sealed class FundWorkbooksTests
{
    private static readonly SheetSpec LabelValues = new("调剂金上解通知", "notice", [new("label", "项目", "label", true), new("value", "内容", "value", true)]);

    private static readonly RegionStatement[] Statements =
    [
        new("150100", new Yuan(1_000_000m), new Yuan(1_200_000m), new Yuan(1_300_000m), new Yuan(100_000m), 2.0m, 0.96m, 0.8m),
        new("150200", new Yuan(2_000_000m), new Yuan(2_400_000m), new Yuan(2_100_000m), new Yuan(0m), 3.0m, 0.95m, 1.0m),
    ];

    private static RawSheet Read(byte[] xlsx, SheetSpec spec)
    {
        var result = new WorkbookReader().ReadSheet(new MemoryStream(xlsx), "fund.xlsx", spec);
        Assert.Empty(result.Issues);
        return result.Sheet!;
    }

    private static Dictionary<string, string?> Fields(byte[] xlsx, string sheetName)
        => Read(xlsx, LabelValues with { ChineseName = sheetName }).Rows.ToDictionary(r => r.Cells[0]!, r => r.Cells[1]);

    [Fact]
    public void Collection_notice_lists_the_contribution_and_its_terms()
    {
        var xlsx = FundWorkbooks.CollectionNotice(InsuranceType.Employees, 2027, "150100", new Yuan(30_000.456m), new Yuan(1_000_015.2m), 0.03m, false, new DateOnly(2028, 2, 9));

        var fields = Fields(xlsx, "调剂金上解通知");

        Assert.Equal("150100", fields["统筹区编码"]);
        Assert.Equal("30000.46", fields["上解金额(元)"]);
        Assert.Equal("1000015.2", fields["统筹基金收入（不含个人账户，元）"]);
        Assert.Equal("3%", fields["上解比例"]);
        Assert.Equal("否", fields["因达到封顶线按比例缩减"]);
        Assert.Equal("2028-02-09", fields["上解截止日期"]);
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var amount = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().Single(c => c.CellValue?.Text == "30000.46");
        var format = document.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)amount.StyleIndex!.Value);
        Assert.Equal(2u, format.NumberFormatId!.Value);
    }

    [Fact]
    public void Annual_report_round_trips_contributions_ledger_and_summary()
    {
        var collection = Collection.Compute(Statements, Yuan.Zero, FundParameters.Default);
        var posted = new DateTimeOffset(2028, 1, 10, 1, 0, 0, TimeSpan.Zero);
        var first = Ledger.Append(null, InsuranceType.Employees, 2027, "150100", "contribution", collection.Contributions["150100"], posted);
        var second = Ledger.Append(first, InsuranceType.Employees, 2027, "150200", "contribution", collection.Contributions["150200"], posted.AddMinutes(5));
        LedgerEntry[] ledger = [first, second];

        var xlsx = FundWorkbooks.AnnualReport(InsuranceType.Employees, 2027, collection, Statements, ledger, Ledger.Verify(ledger));

        var contributions = Read(xlsx, new SheetSpec("上解明细", "contributions",
            [new("region", "统筹区编码", "region", true), new("revenue", "统筹基金收入（不含个人账户）", "revenue", true), new("amount", "上解金额", "amount", true)]));
        Assert.Equal([["150100", "1000000", "30000"], ["150200", "2000000", "60000"]], contributions.Rows.Select(r => r.Cells));

        var entries = Read(xlsx, new SheetSpec("账本", "ledger",
        [
            new("sequence", "序号", "sequence", true), new("year", "年度", "year", true), new("region", "统筹区编码", "region", true), new("kind", "类型", "kind", true),
            new("amount", "金额", "amount", true), new("posted", "记账时间", "posted", true), new("hash", "哈希", "hash", true),
        ]));
        Assert.Equal(
            [
                ["1", "2027", "150100", "contribution", "30000", "2028-01-10 01:00:00", first.Hash],
                ["2", "2027", "150200", "contribution", "60000", "2028-01-10 01:05:00", second.Hash],
            ],
            entries.Rows.Select(r => r.Cells));

        var summary = Fields(xlsx, "汇总");
        Assert.Equal("180000", summary["封顶线(元)"]);
        Assert.Equal("90000", summary["本年上解合计(元)"]);
        Assert.Equal("90000", summary["上解后余额(元)"]);
        Assert.Equal("否", summary["因达到封顶线按比例缩减"]);
        Assert.Equal("完整", summary["账本校验"]);
    }

    [Fact]
    public void Annual_report_shows_the_ledger_problem()
    {
        var collection = Collection.Compute(Statements, Yuan.Zero, FundParameters.Default);

        var xlsx = FundWorkbooks.AnnualReport(InsuranceType.Residents, 2028, collection, Statements, [], "Entry 2 was altered after it was posted.");

        Assert.Equal("Entry 2 was altered after it was posted.", Fields(xlsx, "汇总")["账本校验"]);
    }

    [Fact]
    public void A_region_that_looks_like_a_formula_is_written_as_quoted_text()
    {
        const string region = "=HYPERLINK(\"http://x\",\"150100\")";
        var xlsx = FundWorkbooks.CollectionNotice(InsuranceType.Residents, 2028, region, new Yuan(1m), new Yuan(100m), 0.03m, true, new DateOnly(2029, 2, 9));

        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var cells = workbook.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToList();
        Assert.DoesNotContain(cells, c => c.CellFormula is not null);
        var cell = Assert.Single(cells, c => c.InnerText == region);
        Assert.Equal(CellValues.InlineString, cell.DataType!.Value);
        var format = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value);
        Assert.True(format.QuotePrefix!.Value);
        Assert.Equal(region, Fields(xlsx, "调剂金上解通知")["统筹区编码"]);
    }
}

using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using MiniExcelLibs;
using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.NewItems;
using Serverless.Domain.ReserveFund;
using Serverless.Domain.Reviews;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Writing;
using TableColumn = Serverless.Spreadsheets.Writing.TableColumn;

namespace Serverless.Spreadsheets.Tests;

/// <summary>
/// Issue 19: every kind of workbook the writer produces opens without repair — DocumentFormat.OpenXml's validator
/// finds no error in it — and MiniExcel, a reader that shares no code with ours, reads back the cells that were written.
/// </summary>
public sealed class WrittenWorkbookTests
{
    private static readonly SampleCampaign Sample = SampleCampaign.Generate(new SampleOptions(Seed: 5, Leagues: 2, HospitalsPerLeague: 3, Items: 6, BadRowShare: 0.3));

    private static readonly Lazy<(BidWorkbookResult Bids, CampaignResult Result)> Campaign = new(() =>
    {
        var hospital = Sample.Bidders.First().Code;
        var read = new WorkbookReader().ReadSheet(new MemoryStream(Sample.BidWorkbook(hospital, 1)), $"{hospital}.xlsx", WorkbookSchemas.Bids);
        var bids = BidValidator.Validate(Sample.Catalog, hospital, 1, $"{hospital}.xlsx", read.Sheet, read.Issues);
        return (bids, PriceAdoption.Adopt(Sample.Catalog, bids.Accepted));
    });

    private static readonly Dictionary<string, Func<byte[]>> Exports = new(StringComparer.Ordinal)
    {
        ["campaign scope"] = () => BiddingWorkbooks.Scope(Sample.Scope),
        ["round 1 bid template"] = () => BiddingWorkbooks.BidTemplate(1),
        ["round 2 bid template, pre-filled"] = () => BiddingWorkbooks.BidTemplate(2, Sample.Bidders.First(), Sample.Scope.Items, Sample.Catalog),
        ["filled bids under a title"] = () => BiddingWorkbooks.Bids([["C00001", 12.5m, null, "=成本上涨"], ["C00002", 7m, 3.25m, " 前后有空格 "]], withWithdraw: false, ["某某医院报价"]),
        ["invitations"] = () => BiddingWorkbooks.Invitations(Sample.Bidders, h => $"campaign/round-1/{h.Value}.xlsx"),
        ["hospital feedback"] = () => BiddingWorkbooks.Feedback(HospitalFeedback.Build(Sample.Catalog, Campaign.Value.Bids, Campaign.Value.Result), "C-2027"),
        ["guide prices"] = () => BiddingWorkbooks.GuidePrices(Campaign.Value.Result.Leagues[0], "C-2027"),
        ["regional summary"] = () => BiddingWorkbooks.Summary(Campaign.Value.Result, "C-2027"),
        ["error report"] = () => BiddingWorkbooks.ErrorReport([.. Campaign.Value.Bids.Rows.SelectMany(r => r.Issues), new SheetIssue("坏\u0001文件.xlsx", null, null, null, null, "corrupt_workbook", "文件已损坏", "damaged")]),
        ["collection notice"] = () => FundWorkbooks.CollectionNotice(InsuranceType.Employees, 2027, "150100", new Yuan(30_000.456m), new Yuan(1_000_015.2m), 0.03m, false, new DateOnly(2028, 2, 9)),
        ["annual report"] = AnnualReport,
        ["review report"] = () => ReviewWorkbooks.Report("2027 年度评估", IndicatorSheets.Complex, [new CompositeScore("150100", [50m, 60m, 70m, 80m, 90m], 70m, true)], 60m,
            new DateOnly(2028, 3, 1), 90, [new TrialPeriod("APP-1", new HospitalCode("H01001"), "磁控胶囊胃镜检查", new DateOnly(2026, 3, 1), new DateOnly(2028, 4, 1), false)],
            [new MarketRegulatedPosition(new HospitalCode("H01001"), 10, 5, new Yuan(100m), new Yuan(50m))], new NewItemParameters()),
    };

    public static TheoryData<string> ExportNames => [.. Exports.Keys];

    [Theory]
    [MemberData(nameof(ExportNames))]
    public void Export_passes_the_open_xml_validator(string export)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(Exports[export]()), false);

        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();

        Assert.Empty(errors);
        Assert.NotEmpty(document.WorkbookPart!.WorksheetParts);
    }

    [Theory]
    [MemberData(nameof(ExportNames))]
    public void Export_reads_back_in_mini_excel_as_open_xml_sees_it(string export)
    {
        var xlsx = Exports[export]();
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();

        Assert.Equal(sheets.Select(s => s.Name!.Value), MiniExcel.GetSheetNames(new MemoryStream(xlsx)));
        foreach (var sheet in sheets)
        {
            // Numbers compared as the doubles a spreadsheet holds them as (70.20 is 70.2).
            var expected = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Cell>()
                .Select(c => (c.CellReference!.Value!, c.DataType?.Value == CellValues.InlineString
                    ? c.InlineString!.InnerText
                    : double.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)))
                .Where(c => c.Item2.Length > 0)
                .ToDictionary();
            var read = MiniExcelCells(xlsx, sheet.Name!);

            Assert.Equal(expected.OrderBy(c => c.Key, StringComparer.Ordinal), read.OrderBy(c => c.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_kind_of_cell_reads_back_with_its_value_and_format()
    {
        var xlsx = WorkbookWriter.ToBytes([new SheetTable("单元格",
            [new TableColumn("文本", 20), new TableColumn("金额", AllowedValues: ["1", "2"]), new TableColumn("数")],
            [
                ["项目编码", new Yuan(1234.5m), 0.1m],
                [true, 3, 123_456_789_012L],
                [false, null, 2.5e-7],
                ["=SUM(A1:A2)", "＋1", " 空格 "],
            ]) { TitleLines = ["标题"] }]);

        var cells = MiniExcelCells(xlsx, "单元格");

        Assert.Equal(new Dictionary<string, string>
        {
            ["A1"] = "标题",
            ["A2"] = "文本", ["B2"] = "金额", ["C2"] = "数",
            ["A3"] = "项目编码", ["B3"] = "1234.5", ["C3"] = "0.1",
            ["A4"] = "是", ["B4"] = "3", ["C4"] = "123456789012",
            ["A5"] = "否", ["C5"] = "2.5E-07",
            ["A6"] = "=SUM(A1:A2)", ["B6"] = "＋1", ["C6"] = " 空格 ",
        }, cells);
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var part = document.WorkbookPart!.WorksheetParts.Single();
        var formats = document.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        CellFormat Format(string reference) => formats[(int)(part.Worksheet.Descendants<Cell>().Single(c => c.CellReference == reference).StyleIndex?.Value ?? 0)];
        Assert.Equal(2u, Format("B3").NumberFormatId!.Value);
        Assert.True(Format("A6").QuotePrefix!.Value);
        Assert.True(Format("B6").QuotePrefix!.Value);
        Assert.True(Format("A2").ApplyFont!.Value);
        Assert.DoesNotContain(part.Worksheet.Descendants<Cell>(), c => c.CellFormula is not null);
        var pane = part.Worksheet.Descendants<Pane>().Single();
        Assert.Equal((2.0, "A3", PaneStateValues.Frozen), (pane.VerticalSplit!.Value, pane.TopLeftCell!.Value!, pane.State!.Value));
        Assert.Equal([20.0, 14.0, 14.0], part.Worksheet.Descendants<Column>().Select(c => c.Width!.Value));
        Assert.Equal("B3:B100000", part.Worksheet.Descendants<DataValidation>().Single().SequenceOfReferences!.InnerText);
    }

    [Fact]
    public void Line_breaks_in_a_text_come_back_as_they_were_written()
    {
        string[] texts = ["第一行\r\n第二行", "单独的\r回车", "换\n行", "\r=1"];
        var xlsx = WorkbookWriter.ToBytes([new SheetTable("报价", [new TableColumn("项目编码"), new TableColumn("申报价格"), new TableColumn("申报理由")],
            texts.Select((t, i) => (IReadOnlyList<object?>)[$"C{i}", 1m, t]))]);

        var read = new WorkbookReader().ReadSheet(new MemoryStream(xlsx), "H01001.xlsx", WorkbookSchemas.Bids).Sheet!;

        Assert.Equal(texts.Select(t => t.Trim()), read.Rows.Select(r => r.Cells[WorkbookSchemas.Bids.IndexOf("reason")]));
        Assert.Empty(Testing.FormulaScan.Scan(xlsx));
    }

    /// <summary>Every non-empty cell MiniExcel reads, by reference, as invariant text.</summary>
    private static Dictionary<string, string> MiniExcelCells(byte[] xlsx, string sheetName)
    {
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        var rowNumber = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(new MemoryStream(xlsx), sheetName: sheetName))
        {
            rowNumber++;
            foreach (var (column, value) in row)
            {
                if (value is not null && Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text)
                {
                    cells[$"{column}{rowNumber}"] = value is double number ? number.ToString("R", CultureInfo.InvariantCulture) : text;
                }
            }
        }

        return cells;
    }

    private static byte[] AnnualReport()
    {
        RegionStatement[] statements = [new("150100", new Yuan(1_000_000m), new Yuan(1_200_000m), new Yuan(1_300_000m), new Yuan(100_000m), 2.0m, 0.96m, 0.8m)];
        var collection = Collection.Compute(statements, Yuan.Zero, FundParameters.Default);
        var entry = Ledger.Append(null, InsuranceType.Residents, 2027, "150100", "contribution", collection.Contributions["150100"], new DateTimeOffset(2028, 1, 10, 1, 0, 0, TimeSpan.Zero));
        return FundWorkbooks.AnnualReport(InsuranceType.Residents, 2027, collection, statements, [entry], Ledger.Verify([entry]));
    }
}

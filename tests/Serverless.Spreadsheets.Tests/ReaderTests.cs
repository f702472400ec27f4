using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;
using TableColumn = Serverless.Spreadsheets.Writing.TableColumn;

namespace Serverless.Spreadsheets.Tests;

/// <summary>Reading workbooks as clerks really send them, and refusing hostile ones safely (DOMAIN.md §1, issue 4).</summary>
public sealed class ReaderTests
{
    private static readonly WorkbookReader Reader = new();

    private static SheetReadResult Read(byte[] xlsx, WorkbookReaderOptions? options = null)
        => new WorkbookReader(options).ReadSheet(new MemoryStream(xlsx), "H01001.xlsx", WorkbookSchemas.Bids);

    private static byte[] Workbook(string sheetName, IReadOnlyList<string> headers, IReadOnlyList<string>? titles, params object?[][] rows)
        => WorkbookWriter.ToBytes([new SheetTable(sheetName, [.. headers.Select(h => new TableColumn(h))], rows.Select(r => (IReadOnlyList<object?>)r)) { TitleLines = titles ?? [] }]);

    [Fact]
    public void Header_below_a_title_with_units_aliases_any_order_and_extra_columns_is_found()
    {
        var xlsx = Workbook("Sheet1", ["备注", "申报价格（元）", "ITEM_CODE", "单位成本 (元)"], ["某某医院 2027 年报价"],
            ["x", 12.5m, "C00001", null],
            [null, null, null, null],
            ["y", "1,234.50 ", " C00002", "３．５"]);

        var result = Read(xlsx);

        var sheet = Assert.IsType<RawSheet>(result.Sheet);
        Assert.Equal([3, 5], sheet.Rows.Select(r => r.RowNumber));
        Assert.Equal("C00002", sheet.Rows[1].Cells[WorkbookSchemas.Bids.IndexOf("item_code")]);
        Assert.Equal("1,234.50", sheet.Rows[1].Cells[WorkbookSchemas.Bids.IndexOf("proposed_price")]);
        Assert.Equal("３．５", sheet.Rows[1].Cells[WorkbookSchemas.Bids.IndexOf("unit_cost")]);
        Assert.Equal("12.5", sheet.Rows[0].Cells[WorkbookSchemas.Bids.IndexOf("proposed_price")]);
        Assert.False(sheet.Has("reason"));
    }

    [Fact]
    public void The_sheet_named_bids_is_preferred_over_the_first_sheet()
    {
        var xlsx = WorkbookWriter.ToBytes(
        [
            new SheetTable("说明", [new TableColumn("项目编码"), new TableColumn("申报价格")], [["不是数据", "0"]]),
            new SheetTable("报价", [new TableColumn("项目编码"), new TableColumn("申报价格")], [["C00009", 9.9m]]),
        ]);

        var sheet = Read(xlsx).Sheet!;

        Assert.Equal("报价", sheet.SheetName);
        Assert.Equal("C00009", sheet.Rows.Single().Cells[0]);
    }

    [Fact]
    public void A_missing_required_column_names_the_column()
    {
        var result = Read(Workbook("报价", ["项目编码", "单位成本"], null, ["C1", 3m]));

        Assert.Null(result.Sheet);
        var issue = Assert.Single(result.Issues);
        Assert.Equal("missing_column", issue.Code);
        Assert.Equal("申报价格", issue.Column);
    }

    [Fact]
    public void A_repeated_column_rejects_the_file()
    {
        var result = Read(Workbook("报价", ["项目编码", "申报价格", "proposed_price"], null, ["C1", 3m, 4m]));

        Assert.Equal("repeated_column", Assert.Single(result.Issues).Code);
    }

    [Fact]
    public void No_header_in_the_first_ten_rows_is_reported()
    {
        var rows = Enumerable.Range(0, 12).Select(i => new object?[] { $"row {i}", i }).ToArray();
        var result = Read(Workbook("报价", ["a", "b"], null, rows));

        Assert.Equal("no_header_row", Assert.Single(result.Issues).Code);
    }

    [Fact]
    public void Bytes_that_are_not_a_zip_are_refused_as_not_xlsx()
    {
        var result = Read(Encoding.UTF8.GetBytes("项目编码,申报价格\nC1,10\n"));

        Assert.Equal("not_xlsx", Assert.Single(result.Issues).Code);
    }

    [Fact]
    public void A_truncated_workbook_is_refused_without_throwing()
    {
        var xlsx = Workbook("报价", ["项目编码", "申报价格"], null, ["C1", 3m]);

        var result = Read(xlsx[..(xlsx.Length / 2)]);

        Assert.Contains(result.Issues.Single().Code, new[] { "not_xlsx", "corrupt_workbook" });
    }

    [Fact]
    public void A_zip_bomb_is_refused_before_it_is_expanded()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                stream.Write(zeros);
            }
        }

        var result = Read(buffer.ToArray());

        Assert.Equal("zip_bomb", Assert.Single(result.Issues).Code);
    }

    [Fact]
    public void More_rows_than_the_limit_is_refused()
    {
        var rows = Enumerable.Range(0, 30).Select(i => new object?[] { $"C{i}", 1m }).ToArray();

        var result = Read(Workbook("报价", ["项目编码", "申报价格"], null, rows), new WorkbookReaderOptions { MaxDataRows = 20 });

        Assert.Equal("too_many_rows", Assert.Single(result.Issues).Code);
    }

    [Fact]
    public void A_formula_cell_gives_its_cached_value_and_is_never_evaluated()
    {
        var xlsx = Workbook("报价", ["项目编码", "申报价格"], null, ["C1", 1m]);
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var cell = document.WorkbookPart!.WorksheetParts.First().Worksheet.Descendants<Cell>().First(c => c.CellReference == "B2");
            cell.CellFormula = new CellFormula("1/0+SUM(A1:A9)");
            cell.CellValue = new CellValue("42.5");
        }

        var sheet = Read(stream.ToArray()).Sheet!;

        Assert.Equal("42.5", sheet.Rows.Single().Cells[1]);
    }

    [Fact]
    public void Text_that_looks_like_a_formula_is_written_as_quoted_text()
    {
        var xlsx = Workbook("报价", ["项目编码", "申报价格", "申报理由"], null, ["C1", 1m, "=HYPERLINK(\"http://x\",\"y\")"], ["C2", 1m, "+1"], ["C3", 1m, "@SUM(1)"]);

        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var cells = document.WorkbookPart!.WorksheetParts.First().Worksheet.Descendants<Cell>().ToList();

        Assert.DoesNotContain(cells, c => c.CellFormula is not null);
        Assert.All(cells.Where(c => WorkbookWriter.LooksLikeFormula(c.InnerText)), c => Assert.Equal(CellValues.InlineString, c.DataType!.Value));
        Assert.Equal("=HYPERLINK(\"http://x\",\"y\")", Read(xlsx).Sheet!.Rows[0].Cells[WorkbookSchemas.Bids.IndexOf("reason")]);
    }

    [Fact]
    public void A_hidden_bid_sheet_gives_way_to_the_visible_sheet_the_clerk_filled_in()
    {
        // Two sheets written, then the one named 报价 hidden: the clerk sees and fills in only the other.
        var xlsx = WorkbookWriter.ToBytes(
        [
            new SheetTable("报价", [new TableColumn("项目编码"), new TableColumn("申报价格")], [["OLD", 1m]]),
            new SheetTable("我的报价", [new TableColumn("项目编码"), new TableColumn("申报价格")], [["NEW", 2m]]),
        ]);
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(buffer, true))
        {
            document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().First().State = SheetStateValues.Hidden;
        }

        Assert.Equal("NEW", Read(buffer.ToArray()).Sheet!.Rows[0].Cells[WorkbookSchemas.Bids.IndexOf("item_code")]);
        Assert.Equal("OLD", Read(xlsx).Sheet!.Rows[0].Cells[WorkbookSchemas.Bids.IndexOf("item_code")]);
    }
}

using System.Globalization;
using System.IO.Compression;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Testing;

namespace Serverless.Spreadsheets.Tests;

/// <summary>Issue 19: the reader works on the package parts directly, so what the document model used to absorb is tested here.</summary>
public sealed class PackageReadingTests
{
    private static SheetReadResult Read(byte[] xlsx) => new WorkbookReader().ReadSheet(new MemoryStream(xlsx), "H01001.xlsx", WorkbookSchemas.Bids);

    private static RawRow OnlyRow(byte[] xlsx)
    {
        var result = Read(xlsx);
        Assert.True(result.IsReadable, string.Join("; ", result.Issues.Select(i => i.MessageEn)));
        return Assert.Single(result.Sheet!.Rows);
    }

    [Theory]
    [InlineData("12.5", "12.5")]
    [InlineData("12.50", "12.5")]
    [InlineData("0012", "12")]
    [InlineData("0.1", "0.1")]
    [InlineData("0.30000000000000004", "0.30000000000000004")]
    [InlineData("0.1000000000000000055511151231257827", "0.1")]
    [InlineData("123456789012345", "123456789012345")]
    [InlineData("1234567890123456789", "1.2345678901234568E+18")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1E-05")]
    [InlineData("1E+30", "1E+30")]
    [InlineData("-0", "-0")]
    [InlineData("1e400", "1e400")]
    [InlineData("NaN", "NaN")]
    [InlineData("29.70", "29.7")]
    [InlineData("30.00", "30")]
    [InlineData("-0.50", "-0.5")]
    [InlineData("-0.00", "-0")]
    [InlineData("0.000010", "1E-05")]
    public void A_number_cell_reads_as_its_shortest_round_trip_decimal(string stored, string shown)
    {
        var xlsx = MinimalXlsx.Build([RawWorksheet.FromRows("报价", [["项目编码", "申报价格"], ["C1", RawCell.Number(stored)]])]);

        Assert.Equal(shown, OnlyRow(xlsx).Cells[1]);
    }

    [Fact]
    public void Shortest_form_agrees_with_round_trip_formatting_for_many_prices()
    {
        var random = new Random(19);
        var stored = Enumerable.Range(0, 20_000).Select(_ => Math.Round((decimal)(random.NextDouble() * Math.Pow(10, random.Next(-6, 16))), random.Next(0, 12)))
            .Select(d => d.ToString(CultureInfo.InvariantCulture))
            // Every other one as a writer keeping a decimal's scale stores it: 12.5 as 12.500.
            .Select((s, i) => i % 2 == 0 ? s : s.Contains('.', StringComparison.Ordinal) ? s + "00" : s + ".0").ToList();
        var xlsx = MinimalXlsx.Build([RawWorksheet.FromRows("报价", [["项目编码", "申报价格"], .. stored.Select((s, i) => (IReadOnlyList<object?>)[$"C{i}", RawCell.Number(s)])])]);

        var read = Read(xlsx).Sheet!.Rows.Select(r => r.Cells[1]).ToList();

        Assert.Equal(stored.Select(s => double.Parse(s, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)), read);
    }

    [Fact]
    public void Rich_text_runs_are_joined_and_phonetic_hints_left_out_in_shared_and_inline_strings()
    {
        var xlsx = MinimalXlsx.Build(
            [RawWorksheet.FromRows("报价", [[RawCell.SharedString(0), "申报价格", "申报理由"], ["C1", 5m, new RawCell("<is><r><t>成本</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">上涨 </t></r><rPh sb=\"0\" eb=\"1\"><t>chengben</t></rPh></is>", "inlineStr")]])],
            w => w.Write("<si><r><t>项目</t></r><r><t>编码</t></r><rPh sb=\"0\" eb=\"2\"><t>xiangmu</t></rPh></si>"));

        Assert.Equal(["C1", "5", null, "成本上涨"], OnlyRow(xlsx).Cells.Take(4));
    }

    [Fact]
    public void A_sheet_with_prefixed_elements_and_rows_and_cells_without_references_reads_in_order()
    {
        const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var sheet = new RawWorksheet("报价", w => w.Write(
            "<x:row><x:c t=\"inlineStr\"><x:is><x:t>项目编码</x:t></x:is></x:c><x:c t=\"inlineStr\"><x:is><x:t>申报价格</x:t></x:is></x:c></x:row>"
            + "<x:row><x:c t=\"inlineStr\"><x:is><x:t>C1</x:t></x:is></x:c><x:c><x:v>7</x:v></x:c></x:row>"))
        {
            Prolog = $"{RawWorksheet.Declaration}<!-- written by another tool -->",
        };
        var xlsx = MinimalXlsx.Build([sheet]);
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(xml.Replace($"<worksheet xmlns=\"{Main}\"", $"<x:worksheet xmlns:x=\"{Main}\"", StringComparison.Ordinal)
                .Replace("<sheetData>", "<x:sheetData>", StringComparison.Ordinal).Replace("</sheetData>", "</x:sheetData>", StringComparison.Ordinal)
                .Replace("</worksheet>", "</x:worksheet>", StringComparison.Ordinal));
        }

        var row = OnlyRow(buffer.ToArray());

        Assert.Equal((2, "C1", "7"), (row.RowNumber, row.Cells[0], row.Cells[1]));
    }

    [Fact]
    public void A_package_holding_one_part_twice_is_refused_as_damaged()
    {
        var xlsx = MinimalXlsx.Build([RawWorksheet.FromRows("报价", [["项目编码", "申报价格"], ["C1", 1m]])]);
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/SHEET1.xml").Open());
            writer.Write("<worksheet/>");
        }

        var issue = Assert.Single(Read(buffer.ToArray()).Issues);

        Assert.Equal(("corrupt_workbook", "H01001.xlsx"), (issue.Code, issue.FileName));
        Assert.Contains("twice", issue.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_xml_after_the_last_row_is_still_refused()
    {
        var xlsx = MinimalXlsx.Build([RawWorksheet.FromRows("报价", [["项目编码", "申报价格"], ["C1", 1m]]) with { AfterSheetData = "<mergeCells><mergeCell ref=\"A1:B1\"></mergeCells>" }]);

        Assert.Equal("corrupt_workbook", Assert.Single(Read(xlsx).Issues).Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_file_past_the_size_limit_is_refused_whether_or_not_its_stream_can_seek(bool seekable)
    {
        var xlsx = MinimalXlsx.Build([RawWorksheet.FromRows("报价", [["项目编码", "申报价格"], .. Enumerable.Range(0, 2_000).Select(i => (IReadOnlyList<object?>)[$"C{i}", (decimal)i])])]);
        var reader = new WorkbookReader(new WorkbookReaderOptions { MaxFileBytes = xlsx.Length - 1 });
        Stream Upload() => seekable ? new MemoryStream(xlsx) : new NonSeekable(xlsx);

        var refused = reader.ReadSheet(Upload(), "H01001.xlsx", WorkbookSchemas.Bids);
        var read = new WorkbookReader(new WorkbookReaderOptions { MaxFileBytes = xlsx.Length }).ReadSheet(Upload(), "H01001.xlsx", WorkbookSchemas.Bids);

        Assert.Equal("file_too_large", Assert.Single(refused.Issues).Code);
        Assert.Equal(2_000, read.Sheet!.Rows.Count);
    }

    private sealed class NonSeekable(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}

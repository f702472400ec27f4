using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;
using TableColumn = Serverless.Spreadsheets.Writing.TableColumn;

namespace Serverless.Spreadsheets.Tests;

/// <summary>The bid template a clerk fills in: Chinese headers the reader accepts, drop-down lists, and a notes sheet.</summary>
public sealed class TemplateTests
{
    [Fact]
    public void Round_two_bid_template_has_readable_headers_a_withdraw_list_and_notes_for_every_column()
    {
        var xlsx = BiddingWorkbooks.BidTemplate(2);

        var read = new WorkbookReader().ReadSheet(new MemoryStream(xlsx), "template.xlsx", WorkbookSchemas.Bids);
        Assert.True(read.IsReadable);
        Assert.True(read.Sheet!.Has("withdraw"));
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["报价", "说明"], sheets);
        var lists = document.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<DataValidation>()).Select(v => v.Formula1!.Text).ToList();
        Assert.Contains("\"是,否\"", lists);
        Assert.Contains("\"1,2,3\"", lists);
    }

    [Fact]
    public void The_application_template_reads_as_an_application_sheet_with_every_column_and_no_rows_and_offers_yes_or_no()
    {
        var xlsx = NewItemWorkbooks.ApplicationTemplate("H01001");

        var read = new WorkbookReader().ReadSheet(new MemoryStream(xlsx), "template.xlsx", Serverless.Domain.NewItems.NewItemSheets.Applications);
        Assert.True(read.IsReadable);
        Assert.All(Serverless.Domain.NewItems.NewItemSheets.Applications.Columns, c => Assert.True(read.Sheet!.Has(c.Key), c.Key));
        Assert.Empty(read.Sheet!.Rows);
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        Assert.Equal(["新增项目申请", "说明"], document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        Assert.Equal(4, document.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<DataValidation>()).Count(v => v.Formula1!.Text == "\"是,否\""));
    }

    [Fact]
    public void Round_one_bid_template_has_no_withdraw_column()
    {
        var read = new WorkbookReader().ReadSheet(new MemoryStream(BiddingWorkbooks.BidTemplate(1)), "template.xlsx", WorkbookSchemas.Bids);

        Assert.True(read.IsReadable);
        Assert.False(read.Sheet!.Has("withdraw"));
    }

    [Fact]
    public void A_list_value_with_a_comma_or_quote_or_a_list_too_long_for_excel_gets_no_dropdown_and_the_others_keep_theirs()
    {
        var xlsx = WorkbookWriter.ToBytes([new SheetTable("范围",
        [
            new TableColumn("盟市", AllowedValues: ["150100", "150200"]),
            new TableColumn("引号", AllowedValues: ["15\"01", "150200"]),
            new TableColumn("逗号", AllowedValues: ["15,01", "150200"]),
            new TableColumn("过长", AllowedValues: [.. Enumerable.Range(0, 40).Select(i => $"盟市代码{i:D3}")]),
        ], [["150100", "150200", "150200", "x"]])]);

        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var validation = Assert.Single(document.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<DataValidation>()));
        Assert.Equal(("\"150100,150200\"", "A2:A100000"), (validation.Formula1!.Text, validation.SequenceOfReferences!.InnerText));
    }
}

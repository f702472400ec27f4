using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;

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
    public void Round_one_bid_template_has_no_withdraw_column()
    {
        var read = new WorkbookReader().ReadSheet(new MemoryStream(BiddingWorkbooks.BidTemplate(1)), "template.xlsx", WorkbookSchemas.Bids);

        Assert.True(read.IsReadable);
        Assert.False(read.Sheet!.Has("withdraw"));
    }
}

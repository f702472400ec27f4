using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Reliability.Corpus;

/// <summary>Reads the app's error reports back with the app's own reader, and checks that none holds a live formula.</summary>
internal static class ErrorReports
{
    private static readonly SheetSpec Sheet = new("错误报告", "errors",
    [
        new("file", "文件", "file", true),
        new("sheet", "工作表", "sheet", false),
        new("row", "行", "row", true),
        new("column", "列", "column", true),
        new("value", "值", "value", false),
        new("level", "级别", "level", true),
        new("code", "代码", "code", true),
        new("reason_zh", "原因", "reason_zh", true),
        new("reason_en", "Reason", "reason_en", true),
    ], FallbackToFirstSheet: true);

    private static readonly WorkbookReader Reader = new();

    /// <summary>The report's rows, and what is wrong with the report itself (unreadable, or a formula in it), if anything.</summary>
    public static (IReadOnlyList<ErrorReportRow> Rows, string? Problem) Read(byte[] report)
    {
        var read = Reader.ReadSheet(new MemoryStream(report), "report.xlsx", Sheet);
        if (read.Sheet is not { } sheet)
        {
            return ([], "the report itself is unreadable: " + string.Join(", ", read.Issues.Select(i => i.Code)));
        }

        var rows = sheet.Rows.Select(r => new ErrorReportRow(r.Cells[0], r.Cells[1], r.Cells[2], r.Cells[3], r.Cells[4], r.Cells[5], r.Cells[6], r.Cells[7], r.Cells[8])).ToList();
        using var document = SpreadsheetDocument.Open(new MemoryStream(report), false);
        var formulas = document.WorkbookPart?.WorksheetParts.Any(p => p.Worksheet.Descendants<CellFormula>().Any()) == true;
        return (rows, formulas ? "the report holds a live formula" : null);
    }
}

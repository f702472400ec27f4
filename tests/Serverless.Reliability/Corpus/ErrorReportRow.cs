namespace Serverless.Reliability.Corpus;

/// <summary>One row of an error report as the app writes it (BiddingWorkbooks.ErrorReport): file, sheet, row, column, value, level, code, reasons.</summary>
internal sealed record ErrorReportRow(string? File, string? Sheet, string? Row, string? Column, string? Value, string? Level, string? Code, string? ReasonZh, string? ReasonEn)
{
    /// <summary>Problems that refuse the whole file; every other problem is about a row and must say which row and column.</summary>
    public static readonly IReadOnlySet<string> WholeFileCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "not_xlsx", "corrupt_workbook", "zip_bomb", "file_too_large", "missing_sheet", "no_header_row", "missing_column",
        "repeated_column", "too_many_rows", "refused", "bad_path", "not_invited", "bad_name", "unreadable",
    };

    public bool IsError => Level == "错误";

    public bool IsWholeFile => Code is not null && WholeFileCodes.Contains(Code);

    /// <summary>What is unclear about the row, if anything: it must name the file and a reason, and a row problem its row and column.</summary>
    public string? Unclear()
    {
        if (string.IsNullOrWhiteSpace(File) || string.IsNullOrWhiteSpace(Code) || string.IsNullOrWhiteSpace(ReasonZh) || string.IsNullOrWhiteSpace(ReasonEn))
        {
            return $"a report row lacks its file, code or reason ({Code ?? "no code"})";
        }

        return !IsWholeFile && (string.IsNullOrWhiteSpace(Row) || string.IsNullOrWhiteSpace(Column))
            ? $"a row problem ({Code}) without its row and column"
            : null;
    }
}

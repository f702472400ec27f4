namespace Serverless.Domain.Tabular;

/// <summary>
/// A problem found in an uploaded workbook, as an error report lists it: file, sheet, row, column, value and reason
/// (a stable code plus a Chinese and an English message). Row and column are null for whole-file problems.
/// </summary>
public sealed record SheetIssue(
    string FileName,
    string? SheetName,
    int? RowNumber,
    string? Column,
    string? Value,
    string Code,
    string MessageZh,
    string MessageEn,
    IssueSeverity Severity = IssueSeverity.Error);

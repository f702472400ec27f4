namespace Serverless.Domain.Tabular;

/// <summary>Reads the cells of one row by column key and records each problem as a <see cref="SheetIssue"/> naming file, sheet, row and column.</summary>
public sealed class SheetRowReader
{
    private readonly RawSheet _sheet;
    private readonly List<SheetIssue> _issues;

    public SheetRowReader(RawSheet sheet, RawRow row, List<SheetIssue> issues)
    {
        _sheet = sheet ?? throw new ArgumentNullException(nameof(sheet));
        Row = row ?? throw new ArgumentNullException(nameof(row));
        _issues = issues ?? throw new ArgumentNullException(nameof(issues));
    }

    public RawRow Row { get; }

    public int ErrorCount { get; private set; }

    public string? Text(string key) => _sheet.Has(key) ? Row.Cells[_sheet.Spec.IndexOf(key)] : null;

    public string? Required(string key)
    {
        var text = Text(key);
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(key, "required", "必填项为空", "is required but blank");
            return null;
        }

        return CellText.Normalize(text);
    }

    public decimal? Number(string key, bool required)
    {
        var text = Text(key);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                Error(key, "required", "必填项为空", "is required but blank");
            }

            return null;
        }

        if (!CellText.TryParseDecimal(text, out var value))
        {
            Error(key, "not_a_number", "不是有效数字", "is not a number");
            return null;
        }

        return value;
    }

    /// <summary>A yes/no flag; blank means 否 (DOMAIN.md §1), anything unreadable is an error.</summary>
    public bool Flag(string key)
    {
        var text = Text(key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (!CellText.TryParseYesNo(text, out var value))
        {
            Error(key, "not_yes_no", "应填写是/否", "must be yes/no (是/否, Y/N, true/false, 1/0)");
        }

        return value;
    }

    public void Error(string key, string code, string messageZh, string messageEn) => Add(key, code, messageZh, messageEn, IssueSeverity.Error);

    public void Warning(string key, string code, string messageZh, string messageEn) => Add(key, code, messageZh, messageEn, IssueSeverity.Warning);

    private void Add(string key, string code, string messageZh, string messageEn, IssueSeverity severity)
    {
        var column = _sheet.Spec.Columns[_sheet.Spec.IndexOf(key)];
        if (severity == IssueSeverity.Error)
        {
            ErrorCount++;
        }

        _issues.Add(new SheetIssue(_sheet.FileName, _sheet.SheetName, Row.RowNumber, column.ChineseHeader, Text(key), code,
            $"{column.ChineseHeader}{messageZh}", $"{column.Alias} {messageEn}", severity));
    }
}

namespace Serverless.Domain.Tabular;

/// <summary>Reads the cells of one row by column key and records each problem as a <see cref="SheetIssue"/> naming file, sheet, row and column.</summary>
/// <remarks>
/// Each key-based member has an internal twin taking the column's index in the spec, which a validator of many
/// rows resolves once per sheet instead of looking the key up for every cell.
/// </remarks>
public sealed class SheetRowReader
{
    private readonly RawSheet _sheet;
    private List<SheetIssue>? _issues;

    public SheetRowReader(RawSheet sheet, RawRow row, List<SheetIssue> issues)
    {
        _sheet = sheet ?? throw new ArgumentNullException(nameof(sheet));
        ArgumentNullException.ThrowIfNull(row.Cells, nameof(row));
        Row = row;
        _issues = issues ?? throw new ArgumentNullException(nameof(issues));
    }

    /// <summary>A reader that keeps its own issues, allocating their list only when the row has one.</summary>
    internal SheetRowReader(RawSheet sheet, RawRow row)
    {
        _sheet = sheet;
        Row = row;
    }

    public RawRow Row { get; private set; }

    /// <summary>
    /// Moves a reader that keeps its own issues on to another row, so one reader serves a whole sheet: the issues
    /// recorded for the row before stay with whoever took <see cref="Issues"/>, and the count starts again.
    /// </summary>
    internal void MoveTo(RawRow row)
    {
        Row = row;
        _issues = null;
        ErrorCount = 0;
    }

    /// <summary>The issues recorded so far: the list given to the public constructor, else the reader's own (empty when none).</summary>
    internal IReadOnlyList<SheetIssue> Issues => _issues ?? (IReadOnlyList<SheetIssue>)[];

    public int ErrorCount { get; private set; }

    public string? Text(string key) => Text(_sheet.Spec.IndexOf(key));

    public string? Required(string key) => Required(_sheet.Spec.IndexOf(key));

    public decimal? Number(string key, bool required) => Number(_sheet.Spec.IndexOf(key), required);

    /// <summary>A yes/no flag; blank means 否 (DOMAIN.md §1), anything unreadable is an error.</summary>
    public bool Flag(string key) => Flag(_sheet.Spec.IndexOf(key));

    public void Error(string key, string code, string messageZh, string messageEn) => Add(_sheet.Spec.IndexOf(key), code, messageZh, messageEn, IssueSeverity.Error);

    public void Warning(string key, string code, string messageZh, string messageEn) => Add(_sheet.Spec.IndexOf(key), code, messageZh, messageEn, IssueSeverity.Warning);

    internal string? Text(int column) => _sheet.ColumnPresent[column] ? Row.Cells[column] : null;

    internal string? Required(int column)
    {
        var text = Text(column);
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(column, "required", "必填项为空", "is required but blank");
            return null;
        }

        return CellText.Normalize(text);
    }

    internal decimal? Number(int column, bool required)
    {
        var text = Text(column);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                Error(column, "required", "必填项为空", "is required but blank");
            }

            return null;
        }

        if (!CellText.TryParseDecimal(text, out var value))
        {
            Error(column, "not_a_number", "不是有效数字", "is not a number");
            return null;
        }

        return value;
    }

    internal bool Flag(int column)
    {
        var text = Text(column);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (!CellText.TryParseYesNo(text, out var value))
        {
            Error(column, "not_yes_no", "应填写是/否", "must be yes/no (是/否, Y/N, true/false, 1/0)");
        }

        return value;
    }

    internal void Error(int column, string code, string messageZh, string messageEn) => Add(column, code, messageZh, messageEn, IssueSeverity.Error);

    internal void Warning(int column, string code, string messageZh, string messageEn) => Add(column, code, messageZh, messageEn, IssueSeverity.Warning);

    private void Add(int column, string code, string messageZh, string messageEn, IssueSeverity severity)
    {
        var spec = _sheet.Spec.Columns[column];
        if (severity == IssueSeverity.Error)
        {
            ErrorCount++;
        }

        (_issues ??= []).Add(new SheetIssue(_sheet.FileName, _sheet.SheetName, Row.RowNumber, spec.ChineseHeader, Text(column), code,
            $"{spec.ChineseHeader}{messageZh}", $"{spec.Alias} {messageEn}", severity));
    }
}

using System.Globalization;
using System.Xml;
using Serverless.Domain;

namespace Serverless.Spreadsheets.Writing;

/// <summary>
/// Writes one worksheet part with <see cref="XmlWriter"/>, row by row: the frozen header, column widths, the cells
/// (every text an inline string, formula-looking text quote-prefixed) and the dropdown lists.
/// </summary>
internal sealed class WorksheetWriter(XmlWriter writer)
{
    // Indexes into the cell formats of the styles part WorkbookWriter writes.
    private const int HeaderStyle = 1;
    private const int MoneyStyle = 2;
    private const int QuotedTextStyle = 3;
    private const int TitleStyle = 4;
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>Dropdowns cover the rows below the header down to this one.</summary>
    private const int ValidatedRows = 100_000;

    /// <summary>Excel's limits on a list validation: the quoted list at most 255 characters, the error text at most 225.</summary>
    private const int MaxInlineList = 255;
    private const int MaxValidationMessage = 225;

    private readonly char[] _number = new char[64];
    private string[] _letters = [];

    public void Write(SheetTable table)
    {
        _letters = [.. Enumerable.Range(0, Math.Max(table.Columns.Count, 1)).Select(ColumnLetters)];
        var headerRow = table.TitleLines.Count + 1;
        writer.WriteStartElement("worksheet", Main);
        writer.WriteStartElement("sheetViews");
        writer.WriteStartElement("sheetView");
        writer.WriteAttributeString("workbookViewId", "0");
        writer.WriteStartElement("pane");
        writer.WriteAttributeString("ySplit", Invariant(headerRow));
        writer.WriteAttributeString("topLeftCell", $"A{Invariant(headerRow + 1)}");
        writer.WriteAttributeString("activePane", "bottomLeft");
        writer.WriteAttributeString("state", "frozen");
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
        WriteColumns(table.Columns);
        writer.WriteStartElement("sheetData");
        var rowNumber = 1;
        foreach (var title in table.TitleLines)
        {
            WriteRow(rowNumber++, [title], TitleStyle);
        }

        WriteRow(rowNumber++, [.. table.Columns.Select(c => (object?)c.Header)], HeaderStyle);
        foreach (var row in table.Rows)
        {
            if (row.Count > _letters.Length)
            {
                _letters = [.. Enumerable.Range(0, row.Count).Select(ColumnLetters)];
            }

            WriteRow(rowNumber++, row, null);
        }

        writer.WriteEndElement();
        WriteValidations(table.Columns, headerRow);
        writer.WriteEndElement();
    }

    /// <summary>
    /// A dropdown is written only when its values can be listed inline: a comma or quote inside a value (a code from
    /// an uploaded scope) would split or end the list and Excel would repair the file. Without it the reader still checks.
    /// </summary>
    private static bool CanListInline(IReadOnlyList<string>? values)
        => values is { Count: > 0 }
            && values.All(v => v.Length > 0 && v.IndexOfAny([',', '"']) < 0 && !v.Any(char.IsControl))
            && values.Sum(v => v.Length + 1) - 1 <= MaxInlineList;

    private void WriteColumns(IReadOnlyList<TableColumn> columns)
    {
        if (columns.Count == 0)
        {
            return;
        }

        writer.WriteStartElement("cols");
        for (var i = 0; i < columns.Count; i++)
        {
            writer.WriteStartElement("col");
            writer.WriteAttributeString("min", Invariant(i + 1));
            writer.WriteAttributeString("max", Invariant(i + 1));
            writer.WriteAttributeString("width", columns[i].Width.ToString("R", CultureInfo.InvariantCulture));
            writer.WriteAttributeString("customWidth", "1");
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private void WriteRow(int rowNumber, IReadOnlyList<object?> values, int? style)
    {
        var number = Invariant(rowNumber);
        writer.WriteStartElement("row");
        writer.WriteAttributeString("r", number);
        for (var i = 0; i < values.Count; i++)
        {
            switch (values[i])
            {
                case null:
                    break;
                case string text:
                    WriteText(i, number, text, style);
                    break;
                case bool flag:
                    WriteText(i, number, flag ? "是" : "否", style);
                    break;
                case Yuan money:
                    WriteNumber(i, number, money.Value, style ?? MoneyStyle);
                    break;
                case decimal value:
                    WriteNumber(i, number, value, style);
                    break;
                case int value:
                    WriteNumber(i, number, value, style);
                    break;
                case long value:
                    WriteNumber(i, number, value, style);
                    break;
                case double value:
                    WriteNumber(i, number, value, style, "R");
                    break;
                case IFormattable formattable:
                    WriteText(i, number, formattable.ToString(null, CultureInfo.InvariantCulture), style);
                    break;
                case var other:
                    WriteText(i, number, other.ToString() ?? string.Empty, style);
                    break;
            }
        }

        writer.WriteEndElement();
    }

    private void WriteText(int column, string rowNumber, string text, int? style)
    {
        text = WorkbookWriter.XmlSafe(text);
        StartCell(column, rowNumber, WorkbookWriter.LooksLikeFormula(text) ? QuotedTextStyle : style);
        writer.WriteAttributeString("t", "inlineStr");
        writer.WriteStartElement("is");
        writer.WriteStartElement("t");
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
        {
            writer.WriteAttributeString("xml", "space", null, "preserve");
        }

        writer.WriteString(text);
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void WriteNumber<T>(int column, string rowNumber, T value, int? style, string? format = null)
        where T : ISpanFormattable
    {
        StartCell(column, rowNumber, style);
        writer.WriteStartElement("v");
        if (value.TryFormat(_number, out var written, format, CultureInfo.InvariantCulture))
        {
            writer.WriteChars(_number, 0, written);
        }
        else
        {
            writer.WriteString(value.ToString(format, CultureInfo.InvariantCulture));
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void StartCell(int column, string rowNumber, int? style)
    {
        writer.WriteStartElement("c");
        writer.WriteStartAttribute("r");
        writer.WriteString(_letters[column]);
        writer.WriteString(rowNumber);
        writer.WriteEndAttribute();
        if (style is { } s)
        {
            writer.WriteAttributeString("s", Invariant(s));
        }
    }

    private void WriteValidations(IReadOnlyList<TableColumn> columns, int headerRow)
    {
        var validated = columns.Select((c, i) => (Column: c, Index: i)).Where(x => CanListInline(x.Column.AllowedValues)).ToList();
        if (validated.Count == 0)
        {
            return;
        }

        writer.WriteStartElement("dataValidations");
        writer.WriteAttributeString("count", Invariant(validated.Count));
        foreach (var (column, index) in validated)
        {
            var letters = ColumnLetters(index);
            writer.WriteStartElement("dataValidation");
            writer.WriteAttributeString("type", "list");
            writer.WriteAttributeString("allowBlank", "1");
            writer.WriteAttributeString("showErrorMessage", "1");
            writer.WriteAttributeString("errorTitle", "输入无效");
            writer.WriteAttributeString("error", Truncate($"请从列表中选择：{string.Join("、", column.AllowedValues!)}", MaxValidationMessage));
            writer.WriteAttributeString("sqref", $"{letters}{Invariant(headerRow + 1)}:{letters}{Invariant(ValidatedRows)}");
            writer.WriteElementString("formula1", $"\"{string.Join(",", column.AllowedValues!)}\"");
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static string ColumnLetters(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    private static string Invariant(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Serverless.Domain;

namespace Serverless.Spreadsheets.Writing;

/// <summary>
/// Writes xlsx workbooks with <see cref="OpenXmlWriter"/>, one row at a time. Every text is an inline string, and
/// text that starts like a formula (= + - @) is additionally marked quote-prefixed, so nothing a hospital typed can
/// become a live formula in an official's workbook.
/// </summary>
public static class WorkbookWriter
{
    private const uint HeaderStyle = 1;
    private const uint MoneyStyle = 2;
    private const uint QuotedTextStyle = 3;
    private const uint TitleStyle = 4;

    public static void Write(Stream output, IReadOnlyList<SheetTable> sheets)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sheets);
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook();
        AddStyles(workbookPart);
        var sheetList = workbookPart.Workbook.AppendChild(new Sheets());
        uint sheetId = 1;
        foreach (var table in sheets)
        {
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            WriteSheet(worksheetPart, table);
            sheetList.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = sheetId++, Name = table.Name });
        }

        workbookPart.Workbook.Save();
    }

    public static byte[] ToBytes(IReadOnlyList<SheetTable> sheets)
    {
        using var buffer = new MemoryStream();
        Write(buffer, sheets);
        return buffer.ToArray();
    }

    /// <summary>
    /// Text as XML can carry it: control characters and lone surrogates (which a broken upload's error message may
    /// quote) become U+FFFD, so a report about a bad file can always be written.
    /// </summary>
    public static string XmlSafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        System.Text.StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var bad = (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF' || (char.IsSurrogate(c) && !pair && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1])));
            if (bad)
            {
                safe ??= new System.Text.StringBuilder(text, 0, i, text.Length);
                safe.Append('\uFFFD');
            }
            else
            {
                safe?.Append(c);
            }
        }

        return safe?.ToString() ?? text;
    }

    /// <summary>True when a text would be read as a formula or command by a spreadsheet program.</summary>
    public static bool LooksLikeFormula(string text)
        => text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠';

    private static void WriteSheet(WorksheetPart part, SheetTable table)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        var headerRow = (uint)table.TitleLines.Count + 1;
        writer.WriteStartElement(new SheetViews());
        writer.WriteStartElement(new SheetView { WorkbookViewId = 0 });
        writer.WriteElement(new Pane { VerticalSplit = headerRow, TopLeftCell = $"A{headerRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteStartElement(new Columns());
        for (var i = 0; i < table.Columns.Count; i++)
        {
            writer.WriteElement(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = table.Columns[i].Width, CustomWidth = true });
        }

        writer.WriteEndElement();
        writer.WriteStartElement(new SheetData());
        uint rowIndex = 1;
        foreach (var title in table.TitleLines)
        {
            WriteRow(writer, rowIndex++, [title], TitleStyle);
        }

        WriteRow(writer, rowIndex++, [.. table.Columns.Select(c => (object?)c.Header)], HeaderStyle);
        foreach (var row in table.Rows)
        {
            WriteRow(writer, rowIndex++, row, null);
        }

        writer.WriteEndElement();
        var validated = table.Columns.Select((c, i) => (c, i)).Where(x => CanListInline(x.c.AllowedValues)).ToList();
        if (validated.Count > 0)
        {
            writer.WriteStartElement(new DataValidations { Count = (uint)validated.Count });
            foreach (var (column, index) in validated)
            {
                var letter = ColumnLetter(index);
                var validation = new DataValidation
                {
                    Type = DataValidationValues.List,
                    AllowBlank = true,
                    ShowErrorMessage = true,
                    ErrorTitle = "输入无效",
                    Error = Truncate($"请从列表中选择：{string.Join("、", column.AllowedValues!)}", MaxValidationMessage),
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{letter}{headerRow + 1}:{letter}100000" },
                };
                validation.Append(new Formula1($"\"{string.Join(",", column.AllowedValues!)}\""));
                writer.WriteElement(validation);
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteRow(OpenXmlWriter writer, uint rowIndex, IReadOnlyList<object?> values, uint? style)
    {
        writer.WriteStartElement(new Row { RowIndex = rowIndex });
        for (var i = 0; i < values.Count; i++)
        {
            if (ToCell(values[i], style) is { } cell)
            {
                cell.CellReference = $"{ColumnLetter(i)}{rowIndex}";
                writer.WriteElement(cell);
            }
        }

        writer.WriteEndElement();
    }

    private static Cell? ToCell(object? value, uint? style) => value switch
    {
        null => null,
        string text => Text(text, style),
        bool flag => Text(flag ? "是" : "否", style),
        Yuan money => Number(money.Value.ToString(CultureInfo.InvariantCulture), style ?? MoneyStyle),
        decimal number => Number(number.ToString(CultureInfo.InvariantCulture), style),
        int number => Number(number.ToString(CultureInfo.InvariantCulture), style),
        long number => Number(number.ToString(CultureInfo.InvariantCulture), style),
        double number => Number(number.ToString("R", CultureInfo.InvariantCulture), style),
        IFormattable formattable => Text(formattable.ToString(null, CultureInfo.InvariantCulture), style),
        _ => Text(value.ToString() ?? string.Empty, style),
    };

    private static Cell Text(string text, uint? style)
    {
        text = XmlSafe(text);
        var cell = new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }) };
        if (LooksLikeFormula(text))
        {
            cell.StyleIndex = QuotedTextStyle;
        }
        else if (style is { } s)
        {
            cell.StyleIndex = s;
        }

        return cell;
    }

    private static Cell Number(string text, uint? style)
    {
        var cell = new Cell { CellValue = new CellValue(text) };
        if (style is { } s)
        {
            cell.StyleIndex = s;
        }

        return cell;
    }

    private static string ColumnLetter(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    private static void AddStyles(WorkbookPart workbookPart)
    {
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(), new Font(new Bold()), new Font(new Bold(), new FontSize { Val = 13 })) { Count = 3 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellStyleFormats(new CellFormat()) { Count = 1 },
            new CellFormats(
                new CellFormat(),
                new CellFormat { FontId = 1, ApplyFont = true },
                new CellFormat { NumberFormatId = 2, ApplyNumberFormat = true },
                new CellFormat { QuotePrefix = true },
                new CellFormat { FontId = 2, ApplyFont = true })
            { Count = 5 });
        styles.Stylesheet.Save();
    }

    /// <summary>Excel's limits on a list validation: the quoted list at most 255 characters, the error text at most 225.</summary>
    private const int MaxInlineList = 255;
    private const int MaxValidationMessage = 225;

    /// <summary>
    /// A dropdown is written only when its values can be listed inline: a comma or quote inside a value (a code from
    /// an uploaded scope) would split or end the list and Excel would repair the file. Without it the reader still checks.
    /// </summary>
    private static bool CanListInline(IReadOnlyList<string>? values)
        => values is { Count: > 0 }
            && values.All(v => v.Length > 0 && v.IndexOfAny([',', '"']) < 0 && !v.Any(char.IsControl))
            && values.Sum(v => v.Length + 1) - 1 <= MaxInlineList;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

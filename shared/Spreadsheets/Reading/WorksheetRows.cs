using System.Globalization;
using System.Xml;

namespace Serverless.Spreadsheets.Reading;

/// <summary>
/// Reads a worksheet part's <c>&lt;sheetData&gt;</c> forward, one row at a time, giving each cell's text as Excel
/// shows it: shared and inline strings (rich-text runs joined, phonetic hints left out), cached formula values,
/// booleans as TRUE/FALSE, and numbers as their shortest round-trip decimal. Elements are matched by local name, so
/// prefixed and strict-namespace sheets read the same. A cell whose column is not wanted is skipped unread.
/// </summary>
internal sealed class WorksheetRows(XmlReader reader, IReadOnlyList<string> sharedStrings) : IDisposable
{
    /// <summary>Excel's last column, XFD; a reference past it is treated as if it had none.</summary>
    private const int MaxColumns = 16_384;
    private readonly string _sheetData = reader.NameTable.Add("sheetData");
    private readonly string _row = reader.NameTable.Add("row");
    private readonly string _cell = reader.NameTable.Add("c");
    private readonly string _value = reader.NameTable.Add("v");
    private readonly string _inline = reader.NameTable.Add("is");
    private readonly string _type = reader.NameTable.Add("t");
    private readonly string _reference = reader.NameTable.Add("r");
    private readonly char[] _attribute = new char[16];
    private readonly TextPool _pool = new();
    private int _rowDepth = -1;

    /// <summary>The number of the row last read: its <c>r</c>, or the one after the previous row when it has none.</summary>
    public int RowNumber { get; private set; }

    /// <summary>
    /// Reads the next row's non-empty cells into <paramref name="cells"/> (cleared first), in document order, leaving
    /// out the columns <paramref name="wanted"/> maps below zero or does not reach; false at the end of the sheet data.
    /// </summary>
    public bool ReadRow(List<(int Column, string Text)> cells, int[]? wanted)
    {
        cells.Clear();
        if (!MoveToRow())
        {
            // The rest of the part is read too, so XML broken after the last row is still refused.
            while (reader.Read())
            {
            }

            return false;
        }

        RowNumber = ReferenceNumber() is { } number ? number : RowNumber + 1;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return true;
        }

        var next = 0;
        reader.Read();
        while (reader.Depth > _rowDepth)
        {
            if (reader.NodeType != XmlNodeType.Element || !ReferenceEquals(reader.LocalName, _cell))
            {
                Advance();
                continue;
            }

            var (column, type) = CellAttributes(next);
            next = column + 1;
            if (wanted is not null && (column >= wanted.Length || wanted[column] < 0))
            {
                reader.Skip();
            }
            else if (ReadCellText(type, column) is { Length: > 0 } text)
            {
                cells.Add((column, text));
            }
        }

        reader.Read();
        return true;
    }

    public void Dispose() => reader.Dispose();

    /// <summary>Moves to the next <c>&lt;row&gt;</c> inside <c>&lt;sheetData&gt;</c>, skipping whatever else is there.</summary>
    private bool MoveToRow()
    {
        if (_rowDepth < 0)
        {
            while (reader.NodeType != XmlNodeType.Element || !ReferenceEquals(reader.LocalName, _sheetData))
            {
                if (!reader.Read())
                {
                    return false;
                }
            }

            if (reader.IsEmptyElement)
            {
                return false;
            }

            _rowDepth = reader.Depth + 1;
            reader.Read();
        }

        while (reader.Depth >= _rowDepth && !reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && ReferenceEquals(reader.LocalName, _row))
            {
                return true;
            }

            Advance();
        }

        return false;
    }

    /// <summary>Past the current node: over an element's content, or to the next node.</summary>
    private void Advance()
    {
        if (reader.NodeType == XmlNodeType.Element)
        {
            reader.Skip();
        }
        else
        {
            reader.Read();
        }
    }

    private int? ReferenceNumber()
    {
        int? number = null;
        while (reader.MoveToNextAttribute())
        {
            if (reader.NamespaceURI.Length == 0 && ReferenceEquals(reader.LocalName, _reference)
                && int.TryParse(AttributeChars(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                number = value;
            }
        }

        reader.MoveToElement();
        return number;
    }

    /// <summary>The cell's column (from its reference, else the one after the previous cell) and its type; the reader stays on the cell.</summary>
    private (int Column, CellType Type) CellAttributes(int next)
    {
        var column = next;
        var type = CellType.Number;
        while (reader.MoveToNextAttribute())
        {
            if (reader.NamespaceURI.Length > 0)
            {
                continue;
            }

            // Attribute values are read into a buffer, not made into strings: a sheet has millions of them.
            if (ReferenceEquals(reader.LocalName, _reference))
            {
                column = ColumnIndex(AttributeChars()) ?? next;
            }
            else if (ReferenceEquals(reader.LocalName, _type))
            {
                type = AttributeChars() switch
                {
                    "s" => CellType.Shared,
                    "inlineStr" => CellType.Inline,
                    "b" => CellType.Boolean,
                    "str" or "e" or "d" => CellType.Text,
                    _ => CellType.Number,
                };
            }
        }

        reader.MoveToElement();
        return (column, type);
    }

    /// <summary>The current attribute's value, or its first characters when it is longer than any reference or type.</summary>
    private ReadOnlySpan<char> AttributeChars() => _attribute.AsSpan(0, reader.ReadValueChunk(_attribute, 0, _attribute.Length));

    /// <summary>The text of the cell the reader is on; the reader ends past the cell.</summary>
    private string? ReadCellText(CellType type, int column)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return null;
        }

        var depth = reader.Depth;
        string? value = null, inline = null;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && ReferenceEquals(reader.LocalName, _value))
            {
                value = CellText.ElementText(reader, _pool, column);
            }
            else if (reader.NodeType == XmlNodeType.Element && ReferenceEquals(reader.LocalName, _inline))
            {
                inline = CellText.StringItem(reader, _pool, column);
            }
            else
            {
                Advance();
            }
        }

        reader.Read();
        return type switch
        {
            CellType.Shared => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < sharedStrings.Count ? sharedStrings[index] : null,
            CellType.Inline => inline,
            CellType.Boolean => value == "1" ? "TRUE" : "FALSE",
            CellType.Text => value,
            _ => value is null ? null : CellText.Number(value),
        };
    }

    /// <summary>The zero-based column of an A1 reference, or null when it has no column letters or goes past XFD.</summary>
    private static int? ColumnIndex(ReadOnlySpan<char> reference)
    {
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
            if (++letters > 3)
            {
                return null;
            }
        }

        return letters == 0 || index > MaxColumns ? null : index - 1;
    }

    /// <summary>The cell types of ECMA-376 §18.18.11 that differ in how their text is read; d (a date) and e (an error) read as text.</summary>
    private enum CellType
    {
        Number,
        Shared,
        Inline,
        Boolean,
        Text,
    }
}

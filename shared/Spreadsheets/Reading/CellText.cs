using System.Globalization;
using System.Xml;

namespace Serverless.Spreadsheets.Reading;

/// <summary>How a cell's stored text becomes the text a clerk sees (DOMAIN.md §1 Reading workbooks).</summary>
internal static class CellText
{
    /// <summary>Doubles hold any decimal of this many significant digits exactly, so such a number is its own shortest form.</summary>
    private const int ExactDigits = 15;

    /// <summary>
    /// The text of the string item (<c>&lt;si&gt;</c> or <c>&lt;is&gt;</c>) the reader is on: its <c>&lt;t&gt;</c>,
    /// or its runs' texts joined, without phonetic hints (<c>&lt;rPh&gt;</c>); the reader ends past the item.
    /// </summary>
    public static string StringItem(XmlReader reader, TextPool? pool = null, int column = 0)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return string.Empty;
        }

        var depth = reader.Depth;
        string? text = null;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
            {
                var part = ElementText(reader, pool, column);
                text = text is null ? part : text + part;
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh")
            {
                reader.Skip();
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read();
        return text ?? string.Empty;
    }

    /// <summary>
    /// The text inside the element the reader is on (<c>&lt;v&gt;</c>, <c>&lt;t&gt;</c>), whitespace included and any
    /// child element left out (read through <paramref name="pool"/> when given); the reader ends past the element.
    /// </summary>
    public static string ElementText(XmlReader reader, TextPool? pool = null, int column = 0)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return string.Empty;
        }

        var depth = reader.Depth;
        var text = string.Empty;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                var value = pool is null ? reader.Value : pool.Value(reader, column);
                text = text.Length == 0 ? value : text + value;
                reader.Read();
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                reader.Skip();
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read();
        return text;
    }

    /// <summary>
    /// A number cell's value as its shortest round-trip decimal, never a binary-float artefact (0.1 stays 0.1, and
    /// 0.30000000000000004 becomes what Excel shows); text that is no finite number is returned as it is.
    /// </summary>
    public static string Number(string stored)
    {
        if (IsShortestForm(stored))
        {
            return stored;
        }

        // 29.70 or 30.00 (a writer keeping a decimal's scale): without its trailing zeros it is the shortest form, no float needed.
        var trimmed = stored.AsSpan();
        if (trimmed.Contains('.'))
        {
            trimmed = trimmed.TrimEnd('0').TrimEnd('.');
            if (IsShortestForm(trimmed))
            {
                return trimmed.ToString();
            }
        }

        return double.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : stored;
    }

    /// <summary>
    /// Whether the text is already what "R" formatting would give back: an optional minus, an integer part without
    /// leading zeros, an optional fraction without trailing zeros, at most 15 digits, and no exponent "R" would use.
    /// </summary>
    private static bool IsShortestForm(ReadOnlySpan<char> span)
    {
        if (span.StartsWith("-"))
        {
            span = span[1..];
        }

        var point = span.IndexOf('.');
        var whole = point < 0 ? span : span[..point];
        var fraction = point < 0 ? [] : span[(point + 1)..];
        if (whole.Length == 0 || (whole.Length > 1 && whole[0] == '0') || whole.ContainsAnyExceptInRange('0', '9')
            || (point >= 0 && (fraction.Length == 0 || fraction[^1] == '0' || fraction.ContainsAnyExceptInRange('0', '9'))))
        {
            return false;
        }

        // "R" writes 0.0001 in full but 0.00001 as 1E-05.
        var leadingZeros = whole is "0" && fraction.Length > 0 ? fraction.IndexOfAnyExcept('0') : 0;
        var digits = (whole is "0" ? 0 : whole.Length) + fraction.Length - leadingZeros;
        return digits <= ExactDigits && leadingZeros <= 3;
    }
}

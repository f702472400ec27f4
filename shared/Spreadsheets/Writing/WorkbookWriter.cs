using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Serverless.Spreadsheets.Writing;

/// <summary>
/// Writes xlsx workbooks straight into the zip with <see cref="XmlWriter"/>, one row at a time: the package parts
/// (ECMA-376 Part 2) and a worksheet per table. Every text is an inline string, and text that starts like a formula
/// (= + - @) is additionally marked quote-prefixed, so nothing a hospital typed can become a live formula in an
/// official's workbook.
/// </summary>
public static class WorkbookWriter
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string ContentTypes = "application/vnd.openxmlformats-officedocument.spreadsheetml";

    /// <summary>
    /// The cell formats <see cref="WorksheetWriter"/> refers to by index: plain, bold header, money (number format 2,
    /// "0.00"), quote-prefixed text, and the larger bold title.
    /// </summary>
    private const string Styles =
        $"<styleSheet xmlns=\"{Main}\">"
        + "<fonts count=\"3\"><font/><font><b/></font><font><b/><sz val=\"13\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border/></borders>"
        + "<cellStyleXfs count=\"1\"><xf/></cellStyleXfs>"
        + "<cellXfs count=\"5\"><xf/><xf fontId=\"1\" applyFont=\"1\"/><xf numFmtId=\"2\" applyNumberFormat=\"1\"/><xf quotePrefix=\"1\"/><xf fontId=\"2\" applyFont=\"1\"/></cellXfs>"
        + "</styleSheet>";

    /// <summary>Fastest deflate: sheet XML is repetitive, so it still shrinks several times, at a fraction of the time of the default level.</summary>
    private const CompressionLevel Compression = CompressionLevel.Fastest;

    /// <summary>Line breaks as character references, so a CR or CRLF in a text comes back as it was written.</summary>
    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), CloseOutput = true, NewLineHandling = NewLineHandling.Entitize };

    public static void Write(Stream output, IReadOnlyList<SheetTable> sheets)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sheets);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Part(zip, "[Content_Types].xml", w =>
        {
            w.WriteStartElement("Types", "http://schemas.openxmlformats.org/package/2006/content-types");
            Default(w, "rels", "application/vnd.openxmlformats-package.relationships+xml");
            Default(w, "xml", "application/xml");
            Override(w, "/xl/workbook.xml", $"{ContentTypes}.sheet.main+xml");
            Override(w, "/xl/styles.xml", $"{ContentTypes}.styles+xml");
            for (var i = 1; i <= sheets.Count; i++)
            {
                Override(w, $"/{SheetPart(i)}", $"{ContentTypes}.worksheet+xml");
            }
        });
        Part(zip, "_rels/.rels", w =>
        {
            w.WriteStartElement("Relationships", PackageRelationships);
            Relationship(w, "rId1", $"{Relationships}/officeDocument", "xl/workbook.xml");
        });
        Part(zip, "xl/_rels/workbook.xml.rels", w =>
        {
            w.WriteStartElement("Relationships", PackageRelationships);
            Relationship(w, "rId1", $"{Relationships}/styles", "styles.xml");
            for (var i = 1; i <= sheets.Count; i++)
            {
                Relationship(w, SheetRelationship(i), $"{Relationships}/worksheet", SheetPart(i)["xl/".Length..]);
            }
        });
        Part(zip, "xl/workbook.xml", w =>
        {
            w.WriteStartElement("workbook", Main);
            w.WriteAttributeString("xmlns", "r", null, Relationships);
            w.WriteStartElement("sheets");
            for (var i = 1; i <= sheets.Count; i++)
            {
                w.WriteStartElement("sheet");
                w.WriteAttributeString("name", XmlSafe(sheets[i - 1].Name));
                w.WriteAttributeString("sheetId", Invariant(i));
                w.WriteAttributeString("id", Relationships, SheetRelationship(i));
                w.WriteEndElement();
            }
        });
        Part(zip, "xl/styles.xml", w => w.WriteRaw(Styles));
        for (var i = 1; i <= sheets.Count; i++)
        {
            var table = sheets[i - 1];
            Part(zip, SheetPart(i), w => new WorksheetWriter(w).Write(table));
        }
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
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var bad = (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF' || (char.IsSurrogate(c) && !pair && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1])));
            if (bad)
            {
                safe ??= new StringBuilder(text, 0, i, text.Length);
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

    /// <summary>One part: the XML declaration, then what <paramref name="write"/> writes (elements left open are closed on disposal).</summary>
    private static void Part(ZipArchive zip, string name, Action<XmlWriter> write)
    {
        using var writer = XmlWriter.Create(zip.CreateEntry(name, Compression).Open(), Settings);
        writer.WriteStartDocument(standalone: true);
        write(writer);
    }

    private static string SheetPart(int number) => $"xl/worksheets/sheet{Invariant(number)}.xml";

    /// <summary>rId1 is the styles part; the sheets follow.</summary>
    private static string SheetRelationship(int number) => $"rId{Invariant(number + 1)}";

    private static void Default(XmlWriter writer, string extension, string contentType)
    {
        writer.WriteStartElement("Default");
        writer.WriteAttributeString("Extension", extension);
        writer.WriteAttributeString("ContentType", contentType);
        writer.WriteEndElement();
    }

    private static void Override(XmlWriter writer, string part, string contentType)
    {
        writer.WriteStartElement("Override");
        writer.WriteAttributeString("PartName", part);
        writer.WriteAttributeString("ContentType", contentType);
        writer.WriteEndElement();
    }

    private static void Relationship(XmlWriter writer, string id, string type, string target)
    {
        writer.WriteStartElement("Relationship");
        writer.WriteAttributeString("Id", id);
        writer.WriteAttributeString("Type", type);
        writer.WriteAttributeString("Target", target);
        writer.WriteEndElement();
    }

    private static string Invariant(int number) => number.ToString(CultureInfo.InvariantCulture);
}

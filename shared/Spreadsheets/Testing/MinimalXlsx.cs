using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Serverless.Spreadsheets.Testing;

/// <summary>
/// The smallest xlsx Excel opens, written by hand with <see cref="ZipArchive"/>: content types, package and workbook
/// relationships, the workbook, its worksheets and optional shared strings. Unlike <c>WorkbookWriter</c> it writes
/// whatever it is told — formulas, merged cells, hidden sheets, malformed XML — which is what hostile test files need.
/// </summary>
public static class MinimalXlsx
{
    public const string WorksheetPart = "xl/worksheets/sheet{0}.xml";
    public const string WorkbookRelationshipsPart = "xl/_rels/workbook.xml.rels";
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string ContentTypes = "application/vnd.openxmlformats-officedocument.spreadsheetml";

    public static byte[] Build(IReadOnlyList<RawWorksheet> sheets, Action<TextWriter>? sharedStringItems = null, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        Write(buffer, sheets, sharedStringItems, level);
        return buffer.ToArray();
    }

    /// <summary>Writes the package; <paramref name="sharedStringItems"/> writes the <c>&lt;si&gt;</c> elements of the shared-strings part.</summary>
    public static void Write(Stream output, IReadOnlyList<RawWorksheet> sheets, Action<TextWriter>? sharedStringItems = null, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var overrides = new StringBuilder($"<Override PartName=\"/xl/workbook.xml\" ContentType=\"{ContentTypes}.sheet.main+xml\"/>");
        var relationships = new StringBuilder();
        var sheetList = new StringBuilder();
        for (var i = 1; i <= sheets.Count; i++)
        {
            var part = string.Format(CultureInfo.InvariantCulture, WorksheetPart, i);
            overrides.Append(CultureInfo.InvariantCulture, $"<Override PartName=\"/{part}\" ContentType=\"{ContentTypes}.worksheet+xml\"/>");
            relationships.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{i}\" Type=\"{Relationships}/worksheet\" Target=\"{part[3..]}\"/>");
            var sheet = sheets[i - 1];
            var state = sheet.State is null ? string.Empty : $" state=\"{sheet.State}\"";
            sheetList.Append(CultureInfo.InvariantCulture, $"<sheet name=\"{Escape(sheet.Name)}\" sheetId=\"{i}\"{state} r:id=\"rId{i}\"/>");
        }

        if (sharedStringItems is not null)
        {
            overrides.Append(CultureInfo.InvariantCulture, $"<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"{ContentTypes}.sharedStrings+xml\"/>");
            relationships.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{sheets.Count + 1}\" Type=\"{Relationships}/sharedStrings\" Target=\"sharedStrings.xml\"/>");
        }

        Part(zip, "[Content_Types].xml", level, w => w.Write(
            $"{RawWorksheet.Declaration}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
            $"<Default Extension=\"xml\" ContentType=\"application/xml\"/>{overrides}</Types>"));
        Part(zip, "_rels/.rels", level, w => w.Write(
            $"{RawWorksheet.Declaration}<Relationships xmlns=\"{PackageRelationships}\">" +
            $"<Relationship Id=\"rId1\" Type=\"{Relationships}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
        Part(zip, "xl/workbook.xml", level, w => w.Write(
            $"{RawWorksheet.Declaration}<workbook xmlns=\"{Main}\" xmlns:r=\"{Relationships}\"><sheets>{sheetList}</sheets></workbook>"));
        Part(zip, WorkbookRelationshipsPart, level, w => w.Write($"{RawWorksheet.Declaration}<Relationships xmlns=\"{PackageRelationships}\">{relationships}</Relationships>"));
        for (var i = 1; i <= sheets.Count; i++)
        {
            var sheet = sheets[i - 1];
            Part(zip, string.Format(CultureInfo.InvariantCulture, WorksheetPart, i), level, w =>
            {
                w.Write($"{sheet.Prolog}<worksheet xmlns=\"{Main}\" xmlns:r=\"{Relationships}\"><sheetData>");
                sheet.WriteSheetData(w);
                w.Write($"</sheetData>{sheet.AfterSheetData}</worksheet>");
            });
        }

        if (sharedStringItems is not null)
        {
            Part(zip, "xl/sharedStrings.xml", level, w =>
            {
                w.Write($"{RawWorksheet.Declaration}<sst xmlns=\"{Main}\">");
                sharedStringItems(w);
                w.Write("</sst>");
            });
        }
    }

    /// <summary>
    /// Writes one <c>&lt;row&gt;</c>: a string becomes an inline string, a number a number cell, a <see cref="RawCell"/>
    /// goes in as it is, and null leaves the cell out.
    /// </summary>
    public static void WriteRow(TextWriter writer, int rowNumber, IReadOnlyList<object?> cells)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cells);
        writer.Write($"<row r=\"{rowNumber.ToString(CultureInfo.InvariantCulture)}\">");
        for (var column = 0; column < cells.Count; column++)
        {
            var reference = Reference(column, rowNumber);
            switch (cells[column])
            {
                case null:
                    break;
                case RawCell raw:
                    writer.Write($"<c r=\"{reference}\"{(raw.Type is null ? string.Empty : $" t=\"{raw.Type}\"")}>{raw.Inner}</c>");
                    break;
                case string text:
                    writer.Write($"<c r=\"{reference}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{Escape(text)}</t></is></c>");
                    break;
                case IFormattable number:
                    writer.Write($"<c r=\"{reference}\"><v>{number.ToString(null, CultureInfo.InvariantCulture)}</v></c>");
                    break;
                default:
                    throw new ArgumentException($"Cell {reference} holds a {cells[column]!.GetType().Name}; give a string, a number or a RawCell.", nameof(cells));
            }
        }

        writer.Write("</row>");
    }

    /// <summary>Writes one <c>&lt;si&gt;</c> per text.</summary>
    public static Action<TextWriter> SharedStringItems(IEnumerable<string> texts) => writer =>
    {
        foreach (var text in texts)
        {
            writer.Write($"<si><t xml:space=\"preserve\">{Escape(text)}</t></si>");
        }
    };

    /// <summary>An A1 reference: column index from 0, row number from 1.</summary>
    public static string Reference(int column, int row)
    {
        var letters = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters + row.ToString(CultureInfo.InvariantCulture);
    }

    public static string Escape(string text) => SecurityElement.Escape(text);

    private static void Part(ZipArchive zip, string name, CompressionLevel level, Action<TextWriter> write)
    {
        using var stream = zip.CreateEntry(name, level).Open();
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        write(writer);
    }
}

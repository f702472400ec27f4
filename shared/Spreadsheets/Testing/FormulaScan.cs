using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;

namespace Serverless.Spreadsheets.Testing;

/// <summary>
/// Reads an xlsx package as raw zip and XML, independently of the writer that made it, and lists everything a
/// spreadsheet program could evaluate or follow: a cell formula (<c>&lt;f&gt;</c>); a text cell (inline or shared
/// string) that starts like a formula — = + - @ tab CR, or their full-width forms — unless its cell format is
/// quote-prefixed, which is how <c>WorkbookWriter</c> keeps such text inert; an external-link part, a DDE or OLE link,
/// an external relationship, macros; a defined name; a conditional-format formula; and a data-validation formula
/// other than a quoted literal list.
/// </summary>
public static class FormulaScan
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string ContentTypes = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    private const string WorksheetType = ContentTypes + ".worksheet+xml";
    private const string StylesType = ContentTypes + ".styles+xml";
    private const string SharedStringsType = ContentTypes + ".sharedStrings+xml";
    private const int ShownLength = 60;

    private static readonly XmlReaderSettings Safe = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = false };

    /// <summary>True when a spreadsheet program would take text typed into a cell as a formula or command.</summary>
    public static bool StartsLikeFormula(string text)
        => text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠';

    public static IReadOnlyList<FormulaFinding> Scan(byte[] xlsx)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        using var stream = new MemoryStream(xlsx, writable: false);
        return Scan(stream);
    }

    public static IReadOnlyList<FormulaFinding> Scan(Stream xlsx)
    {
        using var zip = new ZipArchive(xlsx, ZipArchiveMode.Read, leaveOpen: true);
        var findings = new List<FormulaFinding>();
        var types = PartTypes(zip);
        var quoted = QuotePrefixedFormats(zip, types);
        var shared = SharedStrings(zip, types);
        foreach (var entry in zip.Entries)
        {
            var part = entry.FullName;
            var type = types(part);
            if (part.Contains("externalLink", StringComparison.OrdinalIgnoreCase) || type?.Contains("externalLink", StringComparison.Ordinal) == true)
            {
                findings.Add(new(part, null, "external-link", type ?? part));
            }
            else if (part.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || type?.Contains("macroEnabled", StringComparison.Ordinal) == true)
            {
                findings.Add(new(part, null, "macros", type ?? part));
            }

            if (type == WorksheetType)
            {
                ScanWorksheet(entry, quoted, shared, findings);
            }
            else if (part.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || part.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
            {
                ScanOtherPart(entry, findings);
            }
        }

        return findings;
    }

    private static void ScanWorksheet(ZipArchiveEntry entry, IReadOnlySet<uint> quoted, IReadOnlyList<string> shared, List<FormulaFinding> findings)
    {
        using var reader = XmlReader.Create(entry.Open(), Safe);
        reader.Read();
        while (!reader.EOF)
        {
            // Each case reads its element whole, which leaves the reader on the next node already.
            switch (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Main ? reader.LocalName : null)
            {
                case "c":
                    ScanCell(entry.FullName, (XElement)XNode.ReadFrom(reader), quoted, shared, findings);
                    break;
                case "formula1" or "formula2":
                    var list = reader.ReadElementContentAsString();
                    if (!IsLiteralList(list))
                    {
                        findings.Add(new(entry.FullName, null, "validation-formula", Shown(list)));
                    }

                    break;
                case "formula":
                    findings.Add(new(entry.FullName, null, "conditional-formula", Shown(reader.ReadElementContentAsString())));
                    break;
                default:
                    reader.Read();
                    break;
            }
        }
    }

    private static void ScanCell(string part, XElement cell, IReadOnlySet<uint> quoted, IReadOnlyList<string> shared, List<FormulaFinding> findings)
    {
        var reference = (string?)cell.Attribute("r");
        XNamespace main = Main;
        if (cell.Element(main + "f") is { } formula)
        {
            findings.Add(new(part, reference, "formula", Shown(formula.Value)));
            return;
        }

        var text = (string?)cell.Attribute("t") switch
        {
            "inlineStr" => cell.Element(main + "is") is { } inline ? StringItem(inline) : null,
            "s" => int.TryParse(cell.Element(main + "v")?.Value, out var index) && index >= 0 && index < shared.Count ? shared[index] : null,
            _ => null,
        };
        var format = uint.TryParse((string?)cell.Attribute("s"), out var style) ? style : 0u;
        if (text is not null && StartsLikeFormula(text) && !quoted.Contains(format))
        {
            findings.Add(new(part, reference, "unquoted-formula-text", Shown(text)));
        }
    }

    /// <summary>Any part other than a worksheet: links, external relationships and defined names.</summary>
    private static void ScanOtherPart(ZipArchiveEntry entry, List<FormulaFinding> findings)
    {
        using var reader = XmlReader.Create(entry.Open(), Safe);
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            // Only attributes are read here, so the reader stays where it is and descends into the element next.
            var found = reader.LocalName switch
            {
                "ddeLink" => ("dde-link", reader.GetAttribute("ddeService") + "|" + reader.GetAttribute("ddeTopic")),
                "oleLink" or "externalReference" => ("external-link", reader.LocalName),
                "definedName" => ("defined-name", reader.GetAttribute("name") ?? string.Empty),
                "Relationship" when reader.GetAttribute("TargetMode") == "External" => ("external-link", reader.GetAttribute("Target") ?? string.Empty),
                _ => ((string Kind, string Text)?)null,
            };
            if (found is var (kind, text))
            {
                findings.Add(new(entry.FullName, null, kind, Shown(text)));
            }
        }
    }

    /// <summary>The content type of each part: its override, or the default for its extension.</summary>
    private static Func<string, string?> PartTypes(ZipArchive zip)
    {
        if (zip.GetEntry("[Content_Types].xml") is not { } entry)
        {
            return _ => null;
        }

        using var reader = XmlReader.Create(entry.Open(), Safe);
        var document = XDocument.Load(reader);
        var overrides = document.Root!.Elements().Where(e => e.Name.LocalName == "Override")
            .ToDictionary(e => ((string?)e.Attribute("PartName") ?? string.Empty).TrimStart('/'), e => (string?)e.Attribute("ContentType"), StringComparer.OrdinalIgnoreCase);
        var defaults = document.Root!.Elements().Where(e => e.Name.LocalName == "Default")
            .ToDictionary(e => (string?)e.Attribute("Extension") ?? string.Empty, e => (string?)e.Attribute("ContentType"), StringComparer.OrdinalIgnoreCase);
        return part => overrides.TryGetValue(part, out var type) ? type : defaults.GetValueOrDefault(Path.GetExtension(part).TrimStart('.'));
    }

    /// <summary>The indexes of the cell formats (<c>cellXfs</c>) marked quotePrefix.</summary>
    private static HashSet<uint> QuotePrefixedFormats(ZipArchive zip, Func<string, string?> types)
    {
        var quoted = new HashSet<uint>();
        foreach (var entry in zip.Entries.Where(e => types(e.FullName) == StylesType))
        {
            using var reader = XmlReader.Create(entry.Open(), Safe);
            var formats = XDocument.Load(reader).Root?.Element(XName.Get("cellXfs", Main))?.Elements(XName.Get("xf", Main)).ToList() ?? [];
            for (var i = 0; i < formats.Count; i++)
            {
                if ((string?)formats[i].Attribute("quotePrefix") is "1" or "true")
                {
                    quoted.Add((uint)i);
                }
            }
        }

        return quoted;
    }

    private static List<string> SharedStrings(ZipArchive zip, Func<string, string?> types)
    {
        var texts = new List<string>();
        foreach (var entry in zip.Entries.Where(e => types(e.FullName) == SharedStringsType))
        {
            using var reader = XmlReader.Create(entry.Open(), Safe);
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si" && reader.NamespaceURI == Main)
                {
                    texts.Add(StringItem((XElement)XNode.ReadFrom(reader)));
                }
                else
                {
                    reader.Read();
                }
            }
        }

        return texts;
    }

    /// <summary>The text of a string item: its <c>&lt;t&gt;</c>, or its runs' texts, without phonetic hints.</summary>
    private static string StringItem(XElement item)
        => string.Concat(item.Elements().Where(e => e.Name.LocalName is "t" or "r").Select(e => e.Name.LocalName == "t" ? e.Value : e.Elements(XName.Get("t", Main)).FirstOrDefault()?.Value));

    /// <summary>A data-validation list written as a quoted literal ("是,否"): a value list, not a formula.</summary>
    private static bool IsLiteralList(string formula)
        => formula.Length >= 2 && formula[0] == '"' && formula[^1] == '"' && !formula[1..^1].Contains('"', StringComparison.Ordinal);

    private static string Shown(string text) => text.Length <= ShownLength ? text : text[..ShownLength] + "…";
}

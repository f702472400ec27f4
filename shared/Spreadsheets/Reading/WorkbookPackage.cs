using System.IO.Compression;
using System.Xml;

namespace Serverless.Spreadsheets.Reading;

/// <summary>
/// The parts of an xlsx package read straight from its zip (ECMA-376 Part 2, Open Packaging Conventions): the
/// workbook found through the package relationships, its sheets in order, and the parts they point to. Part names
/// are matched case-insensitively, as OPC requires; a relationship that leaves the package, or points outside it,
/// is refused as damage.
/// </summary>
internal sealed class WorkbookPackage
{
    private const string OfficeDocumentType = "/officeDocument";
    private const string WorksheetType = "/worksheet";
    private const string SharedStringsType = "/sharedStrings";
    private readonly Dictionary<string, ZipArchiveEntry> _parts;
    private readonly XmlReaderSettings _settings;
    private readonly string _workbookPart;
    private readonly Dictionary<string, (string Type, string? Part)> _workbookRelationships;

    private WorkbookPackage(Dictionary<string, ZipArchiveEntry> parts, XmlReaderSettings settings, string workbookPart)
    {
        _parts = parts;
        _settings = settings;
        _workbookPart = workbookPart;
        _workbookRelationships = Relationships(parts, settings, workbookPart);
        Sheets = ReadSheetList();
    }

    /// <summary>The workbook's sheets in their order, each with its visibility and its part (null when it has none).</summary>
    public IReadOnlyList<PackageSheet> Sheets { get; }

    /// <summary>Opens the package whose zip directory has already passed the size checks; damage throws <see cref="InvalidDataException"/>.</summary>
    public static WorkbookPackage Open(ZipArchive zip, long maxCharactersInPart)
    {
        var parts = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in zip.Entries)
        {
            // Two entries under one part name could show different readers different content (OPC forbids it).
            if (!parts.TryAdd(entry.FullName.TrimStart('/'), entry))
            {
                throw new InvalidDataException($"The package holds the part {entry.FullName} twice.");
            }
        }

        // No DTDs (billion laughs, external entities) and no part longer than the limit, whatever its zip entry declares.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharactersInPart,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
            NameTable = new NameTable(),
        };

        // The content types are not needed to find the parts, but a package whose types part is missing or broken is damaged.
        using (var types = OpenPart(parts, settings, "[Content_Types].xml"))
        {
            while (types.Read())
            {
            }
        }

        var package = Relationships(parts, settings, string.Empty);
        var workbook = package.Values.FirstOrDefault(r => r.Type.EndsWith(OfficeDocumentType, StringComparison.Ordinal)).Part
            ?? throw new InvalidDataException("The package has no workbook part.");
        return new WorkbookPackage(parts, settings, workbook);
    }

    /// <summary>The shared-strings part, if the workbook has one.</summary>
    public XmlReader? OpenSharedStrings()
        => _workbookRelationships.Values.FirstOrDefault(r => r.Type.EndsWith(SharedStringsType, StringComparison.Ordinal)).Part is { } part ? OpenPart(part) : null;

    public XmlReader OpenPart(string part) => OpenPart(_parts, _settings, part);

    private static XmlReader OpenPart(Dictionary<string, ZipArchiveEntry> parts, XmlReaderSettings settings, string part)
        => parts.TryGetValue(part, out var entry)
            ? XmlReader.Create(entry.Open(), settings)
            : throw new InvalidDataException($"The part {part} is missing from the package.");

    private List<PackageSheet> ReadSheetList()
    {
        var sheets = new List<PackageSheet>();
        using var reader = OpenPart(_workbookPart);
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "sheet")
            {
                continue;
            }

            string? name = null, state = null, id = null;
            while (reader.MoveToNextAttribute())
            {
                switch (reader.LocalName)
                {
                    case "name" when reader.NamespaceURI.Length == 0:
                        name = reader.Value;
                        break;
                    case "state" when reader.NamespaceURI.Length == 0:
                        state = reader.Value;
                        break;
                    case "id" when reader.NamespaceURI.Length > 0:
                        id = reader.Value;
                        break;
                }
            }

            var part = id is not null && _workbookRelationships.TryGetValue(id, out var target) && target.Type.EndsWith(WorksheetType, StringComparison.Ordinal) ? target.Part : null;
            sheets.Add(new PackageSheet(name ?? string.Empty, state is null or "visible", part));
        }

        return sheets;
    }

    /// <summary>
    /// The relationships of a part (of the package itself when <paramref name="sourcePart"/> is empty), by id, each
    /// with the part it targets; an external target has none.
    /// </summary>
    private static Dictionary<string, (string Type, string? Part)> Relationships(Dictionary<string, ZipArchiveEntry> parts, XmlReaderSettings settings, string sourcePart)
    {
        var folder = sourcePart.Contains('/', StringComparison.Ordinal) ? sourcePart[..(sourcePart.LastIndexOf('/') + 1)] : string.Empty;
        var relationships = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        var name = $"{folder}_rels/{sourcePart[folder.Length..]}.rels";
        if (!parts.ContainsKey(name))
        {
            return relationships;
        }

        using var reader = OpenPart(parts, settings, name);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship")
            {
                var id = reader.GetAttribute("Id") ?? throw new InvalidDataException($"A relationship in {name} has no Id.");
                var target = reader.GetAttribute("Target") ?? throw new InvalidDataException($"The relationship {id} in {name} has no Target.");
                var external = reader.GetAttribute("TargetMode") == "External";
                relationships.TryAdd(id, (reader.GetAttribute("Type") ?? string.Empty, external ? null : Resolve(folder, target, name)));
            }
        }

        return relationships;
    }

    /// <summary>A relationship target as a part name: relative to the source's folder, or from the root when it starts with '/'.</summary>
    private static string Resolve(string folder, string target, string relationshipsPart)
    {
        if (!Uri.TryCreate(target, UriKind.Relative, out _))
        {
            throw new InvalidDataException($"The relationship target {target} in {relationshipsPart} is not a part of the package.");
        }

        var segments = new List<string>();
        foreach (var segment in (target.StartsWith('/') ? target : folder + target).Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    throw new InvalidDataException($"The relationship target {target} in {relationshipsPart} leaves the package.");
                }

                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment is not ("" or "."))
            {
                segments.Add(Uri.UnescapeDataString(segment));
            }
        }

        return string.Join('/', segments);
    }
}

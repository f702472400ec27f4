using System.Globalization;
using System.IO.Compression;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Serverless.Domain.Tabular;

namespace Serverless.Spreadsheets.Reading;

/// <summary>
/// Reads xlsx workbooks as clerks send them from Excel or WPS (DOMAIN.md §1 Reading workbooks), streaming each
/// sheet with <see cref="OpenXmlReader"/>. Bad input never throws: it comes back as issues naming the file, sheet,
/// row and column. Formulas are never evaluated; their cached values are read.
/// </summary>
public sealed class WorkbookReader(WorkbookReaderOptions? options = null)
{
    private readonly WorkbookReaderOptions _options = options ?? WorkbookReaderOptions.Default;

    /// <summary>The limits this reader applies; an upload handler refuses a blob over <see cref="WorkbookReaderOptions.MaxFileBytes"/> before reading it.</summary>
    public WorkbookReaderOptions Options => _options;

    public SheetReadResult ReadSheet(Stream xlsx, string fileName, SheetSpec spec)
        => ReadSheets(xlsx, fileName, [spec])[0];

    /// <summary>Reads several sheets of one workbook (the campaign scope); each result stands on its own.</summary>
    public IReadOnlyList<SheetReadResult> ReadSheets(Stream xlsx, string fileName, IReadOnlyList<SheetSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        ArgumentNullException.ThrowIfNull(specs);
        using var buffered = Buffer(xlsx, fileName, out var tooLarge);
        if (tooLarge is not null)
        {
            return [.. specs.Select(_ => new SheetReadResult(null, [tooLarge]))];
        }

        if (CheckPackage(buffered!, fileName) is { } refused)
        {
            return [.. specs.Select(_ => new SheetReadResult(null, [refused]))];
        }

        try
        {
            using var document = SpreadsheetDocument.Open(buffered!, false, new OpenSettings { MaxCharactersInPart = _options.MaxExpandedBytes / 2 });
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("The package has no workbook part.");
            var sharedStrings = ReadSharedStrings(workbook);
            return [.. specs.Select(spec => ReadOne(workbook, sharedStrings, fileName, spec))];
        }
        catch (Exception error) when (error is InvalidDataException or OpenXmlPackageException or XmlException or IOException or InvalidOperationException or FileFormatException or ArgumentException or NotSupportedException or KeyNotFoundException)
        {
            var issue = FileIssue(fileName, null, "corrupt_workbook", $"文件已损坏或不是有效的 xlsx：{error.Message}", $"The file is damaged or not a valid xlsx: {error.Message}");
            return [.. specs.Select(_ => new SheetReadResult(null, [issue]))];
        }
    }

    private MemoryStream? Buffer(Stream xlsx, string fileName, out SheetIssue? tooLarge)
    {
        tooLarge = null;
        var copy = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = xlsx.Read(chunk, 0, chunk.Length)) > 0)
        {
            copy.Write(chunk, 0, read);
            if (copy.Length > _options.MaxFileBytes)
            {
                tooLarge = FileIssue(fileName, null, "file_too_large", $"文件超过 {_options.MaxFileBytes / 1024 / 1024} MB 上限", $"The file is larger than the {_options.MaxFileBytes / 1024 / 1024} MB limit");
                copy.Dispose();
                return null;
            }
        }

        copy.Position = 0;
        return copy;
    }

    /// <summary>Refuses what is not a zip, a corrupt zip, and a zip bomb, before any part is parsed.</summary>
    private SheetIssue? CheckPackage(MemoryStream buffered, string fileName)
    {
        try
        {
            using var zip = new ZipArchive(buffered, ZipArchiveMode.Read, leaveOpen: true);
            long expanded = 0;
            foreach (var entry in zip.Entries)
            {
                expanded += entry.Length;
                var ratio = entry.CompressedLength == 0 ? entry.Length : entry.Length / entry.CompressedLength;
                if (expanded > _options.MaxExpandedBytes || (entry.Length > 1_000_000 && ratio > _options.MaxCompressionRatio))
                {
                    return FileIssue(fileName, null, "zip_bomb", "文件解压后过大，疑似压缩炸弹，已拒收", "The file expands far beyond its size (a zip bomb) and is refused");
                }
            }

            if (zip.GetEntry("xl/workbook.xml") is null && !zip.Entries.Any(e => e.FullName.EndsWith("workbook.xml", StringComparison.OrdinalIgnoreCase)))
            {
                return FileIssue(fileName, null, "not_xlsx", "不是 xlsx 工作簿（缺少 workbook 部件），请用 Excel 或 WPS 另存为 .xlsx", "Not an xlsx workbook (no workbook part); save it as .xlsx from Excel or WPS");
            }

            return null;
        }
        catch (InvalidDataException)
        {
            return FileIssue(fileName, null, "not_xlsx", "不是 xlsx 文件（可能是 xls、csv 或已损坏），请另存为 .xlsx", "Not an xlsx file (perhaps xls, csv or damaged); save it as .xlsx");
        }
        finally
        {
            buffered.Position = 0;
        }
    }

    private static List<string> ReadSharedStrings(WorkbookPart workbook)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                strings.Add(((SharedStringItem)reader.LoadCurrentElement()!).InnerText);
            }
        }

        return strings;
    }

    private SheetReadResult ReadOne(WorkbookPart workbook, List<string> sharedStrings, string fileName, SheetSpec spec)
    {
        var sheets = workbook.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
        var wanted = new[] { HeaderText.Normalize(spec.ChineseName), HeaderText.Normalize(spec.Alias) };
        // A clerk reads what is shown: a visible sheet of the right name, else (where allowed) the first visible sheet;
        // a hidden sheet only when nothing visible fits.
        static bool Visible(Sheet s) => s.State is null || s.State.Value == SheetStateValues.Visible;
        var named = sheets.Where(s => wanted.Contains(HeaderText.Normalize(s.Name?.Value))).ToList();
        var sheet = named.FirstOrDefault(Visible)
            ?? (spec.FallbackToFirstSheet ? sheets.FirstOrDefault(Visible) : null)
            ?? named.FirstOrDefault()
            ?? (spec.FallbackToFirstSheet ? sheets.FirstOrDefault() : null);
        if (sheet?.Id?.Value is not { } relationship || workbook.GetPartById(relationship) is not WorksheetPart worksheet)
        {
            return new SheetReadResult(null, [FileIssue(fileName, spec.ChineseName, "missing_sheet",
                $"缺少工作表“{spec.ChineseName}”（{spec.Alias}）", $"The sheet {spec.ChineseName} ({spec.Alias}) is missing")]);
        }

        var sheetName = sheet.Name?.Value ?? spec.ChineseName;
        var pending = new List<(int Row, Dictionary<int, string> Cells)>();
        int[]? columnMap = null;
        var rows = new List<RawRow>();
        using var reader = OpenXmlReader.Create(worksheet);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var (rowNumber, cells) = ReadRow(reader, sharedStrings);
            if (columnMap is null)
            {
                if (rowNumber > _options.HeaderSearchRows)
                {
                    break;
                }

                if (cells.Count > 0)
                {
                    pending.Add((rowNumber, cells));
                    if (FindHeader(pending[^1..], spec, fileName, sheetName, out var map, out _))
                    {
                        columnMap = map;
                    }
                }

                continue;
            }

            if (ToRawRow(rowNumber, cells, columnMap, spec.Columns.Count) is { } raw)
            {
                rows.Add(raw);
                if (rows.Count > _options.MaxDataRows)
                {
                    return new SheetReadResult(null, [FileIssue(fileName, sheetName, "too_many_rows",
                        $"数据行超过 {_options.MaxDataRows} 行上限", $"More than the {_options.MaxDataRows}-row limit")]);
                }
            }
        }

        if (columnMap is null)
        {
            FindHeader(pending, spec, fileName, sheetName, out _, out var issues);
            return new SheetReadResult(null, issues);
        }

        var present = spec.Columns.Select((_, i) => columnMap.Contains(i)).ToList();
        return new SheetReadResult(new RawSheet(fileName, sheetName, spec, present, rows), []);
    }

    private static RawRow? ToRawRow(int rowNumber, Dictionary<int, string> cells, int[] columnMap, int specColumns)
    {
        var values = new string?[specColumns];
        var any = false;
        for (var column = 0; column < columnMap.Length; column++)
        {
            if (columnMap[column] >= 0 && cells.TryGetValue(column, out var text) && !string.IsNullOrWhiteSpace(text))
            {
                values[columnMap[column]] = text.Trim();
                any = true;
            }
        }

        return any ? new RawRow(rowNumber, values) : null;
    }

    /// <summary>Whether the candidate rows hold a header with every required column, and if not, what is wrong.</summary>
    private static bool FindHeader(IEnumerable<(int Row, Dictionary<int, string> Cells)> candidates, SheetSpec spec, string fileName, string sheetName, out int[] map, out List<SheetIssue> issues)
    {
        map = [];
        issues = [];
        var best = (Matched: -1, Issues: new List<SheetIssue>());
        foreach (var (rowNumber, cells) in candidates)
        {
            var width = cells.Count == 0 ? 0 : cells.Keys.Max() + 1;
            var candidate = Enumerable.Repeat(-1, width).ToArray();
            var found = new Dictionary<int, int>();
            var rowIssues = new List<SheetIssue>();
            foreach (var (column, text) in cells)
            {
                var header = HeaderText.Normalize(text);
                var index = spec.Columns.ToList().FindIndex(c => HeaderText.Normalize(c.ChineseHeader) == header || HeaderText.Normalize(c.Alias) == header);
                if (index < 0)
                {
                    continue;
                }

                if (found.ContainsKey(index))
                {
                    rowIssues.Add(new SheetIssue(fileName, sheetName, rowNumber, spec.Columns[index].ChineseHeader, text, "repeated_column",
                        $"列“{spec.Columns[index].ChineseHeader}”出现了两次", $"Column {spec.Columns[index].Alias} appears twice"));
                    continue;
                }

                found[index] = column;
                candidate[column] = index;
            }

            var missing = spec.Columns.Select((c, i) => (c, i)).Where(x => x.c.Required && !found.ContainsKey(x.i)).ToList();
            rowIssues.AddRange(missing.Select(m => new SheetIssue(fileName, sheetName, rowNumber, m.c.ChineseHeader, null, "missing_column",
                $"缺少必填列“{m.c.ChineseHeader}”（{m.c.Alias}）", $"Required column {m.c.ChineseHeader} ({m.c.Alias}) is missing")));
            if (missing.Count == 0 && rowIssues.Count == 0)
            {
                map = candidate;
                return true;
            }

            if (missing.Count == 0)
            {
                issues = rowIssues;
                return false;
            }

            if (found.Count > best.Matched)
            {
                best = (found.Count, rowIssues);
            }
        }

        issues = best.Matched > 0 ? best.Issues :
        [
            FileIssue(fileName, sheetName, "no_header_row",
                $"前 10 行中找不到表头（需要：{string.Join("、", spec.Columns.Where(c => c.Required).Select(c => c.ChineseHeader))}）",
                $"No header row in the first 10 rows (needs: {string.Join(", ", spec.Columns.Where(c => c.Required).Select(c => c.Alias))})"),
        ];
        return false;
    }

    private static (int Row, Dictionary<int, string> Cells) ReadRow(OpenXmlReader reader, List<string> sharedStrings)
    {
        var row = (Row)reader.LoadCurrentElement()!;
        var cells = new Dictionary<int, string>();
        var next = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : next;
            next = column + 1;
            if (CellValue(cell, sharedStrings) is { Length: > 0 } text)
            {
                cells[column] = text;
            }
        }

        return ((int)(row.RowIndex?.Value ?? 0u), cells);
    }

    private static string? CellValue(Cell cell, List<string> sharedStrings)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < sharedStrings.Count ? sharedStrings[index] : null;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        if (type == CellValues.String || type == CellValues.Error || type == CellValues.Date)
        {
            return raw;
        }

        // A number cell: its shortest round-trip decimal (DOMAIN.md §1), never a binary-float artefact.
        return raw is not null && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : raw;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    private static SheetIssue FileIssue(string fileName, string? sheet, string code, string zh, string en)
        => new(fileName, sheet, null, null, null, code, zh, en);
}

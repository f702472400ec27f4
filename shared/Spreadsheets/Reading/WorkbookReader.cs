using System.Buffers;
using System.IO.Compression;
using System.Xml;
using Serverless.Domain.Tabular;

namespace Serverless.Spreadsheets.Reading;

/// <summary>
/// Reads xlsx workbooks as clerks send them from Excel or WPS (DOMAIN.md §1 Reading workbooks), streaming each
/// sheet's XML straight from the zip with <see cref="XmlReader"/> (no document model, one pass, only the wanted
/// columns' text kept). Bad input never throws: it comes back as issues naming the file, sheet,
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
        if (Buffer(xlsx, fileName, out var length, out var tooLarge) is not { } buffer)
        {
            return [.. specs.Select(_ => new SheetReadResult(null, [tooLarge!]))];
        }

        try
        {
            using var buffered = new MemoryStream(buffer, 0, length, writable: false);
            return ReadPackage(buffered, fileName, specs);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private IReadOnlyList<SheetReadResult> ReadPackage(MemoryStream buffered, string fileName, IReadOnlyList<SheetSpec> specs)
    {
        using var zip = OpenZip(buffered, fileName, out var refused);
        if (refused is not null)
        {
            return [.. specs.Select(_ => new SheetReadResult(null, [refused]))];
        }

        try
        {
            var package = WorkbookPackage.Open(zip!, _options.MaxExpandedBytes / 2);
            var sharedStrings = SharedStrings.Load(package.OpenSharedStrings());
            return [.. specs.Select(spec => ReadOne(package, sharedStrings, fileName, spec))];
        }
        catch (Exception error) when (error is InvalidDataException or XmlException or IOException or InvalidOperationException or ArgumentException or NotSupportedException or FormatException)
        {
            var issue = FileIssue(fileName, null, "corrupt_workbook", $"文件已损坏或不是有效的 xlsx：{error.Message}", $"The file is damaged or not a valid xlsx: {error.Message}");
            return [.. specs.Select(_ => new SheetReadResult(null, [issue]))];
        }
    }

    /// <summary>
    /// The upload copied into an array from the shared pool (a campaign reads thousands of them, and each would
    /// otherwise be a fresh large-object allocation), or null with the issue when it passes the size limit.
    /// </summary>
    private byte[]? Buffer(Stream xlsx, string fileName, out int length, out SheetIssue? tooLarge)
    {
        tooLarge = null;
        length = 0;
        var limit = (int)Math.Min(_options.MaxFileBytes, Array.MaxLength - 1);
        var buffer = ArrayPool<byte>.Shared.Rent(xlsx.CanSeek ? (int)Math.Clamp(xlsx.Length - xlsx.Position + 1, 1, limit + 1L) : 1 << 16);
        int read;
        while ((read = xlsx.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
            if (length > limit)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                tooLarge = FileIssue(fileName, null, "file_too_large", $"文件超过 {_options.MaxFileBytes / 1024 / 1024} MB 上限", $"The file is larger than the {_options.MaxFileBytes / 1024 / 1024} MB limit");
                return null;
            }

            if (length == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, limit + 1L));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
        }

        return buffer;
    }

    /// <summary>Opens the zip, refusing what is not a zip, a corrupt zip, and a zip bomb, before any part is parsed.</summary>
    private ZipArchive? OpenZip(MemoryStream buffered, string fileName, out SheetIssue? refused)
    {
        ZipArchive? zip = null;
        try
        {
            zip = new ZipArchive(buffered, ZipArchiveMode.Read, leaveOpen: true);
            refused = CheckPackage(zip, fileName);
        }
        catch (InvalidDataException)
        {
            refused = FileIssue(fileName, null, "not_xlsx", "不是 xlsx 文件（可能是 xls、csv 或已损坏），请另存为 .xlsx", "Not an xlsx file (perhaps xls, csv or damaged); save it as .xlsx");
        }

        if (refused is null)
        {
            return zip;
        }

        zip?.Dispose();
        return null;
    }

    private SheetIssue? CheckPackage(ZipArchive zip, string fileName)
    {
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

    private SheetReadResult ReadOne(WorkbookPackage package, IReadOnlyList<string> sharedStrings, string fileName, SheetSpec spec)
    {
        var sheets = package.Sheets;
        var wanted = new[] { HeaderText.Normalize(spec.ChineseName), HeaderText.Normalize(spec.Alias) };
        // A clerk reads what is shown: a visible sheet of the right name, else (where allowed) the first visible sheet;
        // a hidden sheet only when nothing visible fits.
        var named = sheets.Where(s => wanted.Contains(HeaderText.Normalize(s.Name))).ToList();
        var sheet = named.FirstOrDefault(s => s.IsVisible)
            ?? (spec.FallbackToFirstSheet ? sheets.FirstOrDefault(s => s.IsVisible) : null)
            ?? named.FirstOrDefault()
            ?? (spec.FallbackToFirstSheet ? sheets.FirstOrDefault() : null);
        if (sheet is null)
        {
            return new SheetReadResult(null, [FileIssue(fileName, spec.ChineseName, "missing_sheet",
                $"缺少工作表“{spec.ChineseName}”（{spec.Alias}）", $"The sheet {spec.ChineseName} ({spec.Alias}) is missing")]);
        }

        if (sheet.Part is not { } part)
        {
            return new SheetReadResult(null, [FileIssue(fileName, sheet.Name, "corrupt_workbook",
                $"文件已损坏：工作表“{sheet.Name}”没有对应的工作表部件", $"The file is damaged: the sheet {sheet.Name} has no worksheet part in the package")]);
        }

        var sheetName = sheet.Name.Length > 0 ? sheet.Name : spec.ChineseName;
        var pending = new List<(int Row, Dictionary<int, string> Cells)>();
        int[]? columnMap = null;
        var rows = new List<RawRow>();
        var cells = new List<(int Column, string Text)>();
        using var reader = new WorksheetRows(package.OpenPart(part), sharedStrings);
        while (reader.ReadRow(cells, columnMap))
        {
            if (columnMap is null)
            {
                if (reader.RowNumber > _options.HeaderSearchRows)
                {
                    break;
                }

                if (cells.Count > 0)
                {
                    pending.Add((reader.RowNumber, ByColumn(cells)));
                    if (FindHeader(pending[^1..], spec, fileName, sheetName, out var map, out _))
                    {
                        columnMap = map;
                    }
                }

                continue;
            }

            if (ToRawRow(reader.RowNumber, cells, columnMap, spec.Columns.Count) is { } raw)
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

    /// <summary>A candidate header row's cells by column; a column given twice keeps its last text.</summary>
    private static Dictionary<int, string> ByColumn(List<(int Column, string Text)> cells)
    {
        var byColumn = new Dictionary<int, string>();
        foreach (var (column, text) in cells)
        {
            byColumn[column] = text;
        }

        return byColumn;
    }

    /// <summary>A data row's wanted cells, trimmed, in spec order; null when every one is blank.</summary>
    private static RawRow? ToRawRow(int rowNumber, List<(int Column, string Text)> cells, int[] columnMap, int specColumns)
    {
        // No array for a row of blanks (a sheet's formatted but empty tail can be long).
        string?[]? values = null;
        foreach (var (column, text) in cells)
        {
            var value = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
            if (value is not null || values is not null)
            {
                (values ??= new string?[specColumns])[columnMap[column]] = value;
            }
        }

        if (values is not null)
        {
            foreach (var value in values)
            {
                if (value is not null)
                {
                    return new RawRow(rowNumber, values);
                }
            }
        }

        return null;
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

    private static SheetIssue FileIssue(string fileName, string? sheet, string code, string zh, string en)
        => new(fileName, sheet, null, null, null, code, zh, en);
}

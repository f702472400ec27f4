namespace Serverless.Spreadsheets.Testing;

/// <summary>
/// A worksheet for <see cref="MinimalXlsx"/>: its name, its visibility (<c>hidden</c>, <c>veryHidden</c>), what goes
/// inside <c>&lt;sheetData&gt;</c> (streamed, so a million rows never sit in memory), what follows it (merged cells),
/// and the text before the root element (an XML declaration, or a hostile DOCTYPE).
/// </summary>
public sealed record RawWorksheet(string Name, Action<TextWriter> WriteSheetData)
{
    public const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

    public string? State { get; init; }

    public string AfterSheetData { get; init; } = string.Empty;

    public string Prolog { get; init; } = Declaration;

    /// <summary>A sheet whose rows are given as cell values (see <see cref="MinimalXlsx.WriteRow"/>), from row 1.</summary>
    public static RawWorksheet FromRows(string name, IEnumerable<IReadOnlyList<object?>> rows) => new(name, writer =>
    {
        var number = 1;
        foreach (var row in rows)
        {
            MinimalXlsx.WriteRow(writer, number++, row);
        }
    });
}

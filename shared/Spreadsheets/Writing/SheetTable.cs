namespace Serverless.Spreadsheets.Writing;

/// <summary>
/// A sheet to write: a header row and data rows. Cells are string, decimal, Yuan, int, long, double, bool (是/否)
/// or null; rows are streamed, so a large table is never held in memory.
/// </summary>
public sealed record SheetTable(string Name, IReadOnlyList<TableColumn> Columns, IEnumerable<IReadOnlyList<object?>> Rows)
{
    /// <summary>Rows written above the header (a title line, for instance).</summary>
    public IReadOnlyList<string> TitleLines { get; init; } = [];
}

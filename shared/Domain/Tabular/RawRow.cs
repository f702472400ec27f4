namespace Serverless.Domain.Tabular;

/// <summary>
/// One non-blank data row as read: <see cref="RowNumber"/> is the sheet's own 1-based row number, and
/// <see cref="Cells"/> holds one trimmed text per column of the <see cref="SheetSpec"/>, in spec order
/// (null when the column is absent or the cell blank). A numeric cell is given as its shortest round-trip decimal text.
/// A value, not an object: a sheet's rows sit inline in its list, so a 100,000-row workbook is 100,000 fewer objects
/// for the collector to move while the sheet is judged.
/// </summary>
public readonly record struct RawRow(int RowNumber, IReadOnlyList<string?> Cells);

namespace Serverless.Domain.Tabular;

/// <summary>
/// One non-blank data row as read: <see cref="RowNumber"/> is the sheet's own 1-based row number, and
/// <see cref="Cells"/> holds one trimmed text per column of the <see cref="SheetSpec"/>, in spec order
/// (null when the column is absent or the cell blank). A numeric cell is given as its shortest round-trip decimal text.
/// </summary>
public sealed record RawRow(int RowNumber, IReadOnlyList<string?> Cells);

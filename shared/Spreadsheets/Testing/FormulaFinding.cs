namespace Serverless.Spreadsheets.Testing;

/// <summary>
/// Something in a workbook that a spreadsheet program could evaluate or follow: the zip part it is in, the cell (when
/// it is one), what it is (<see cref="Kind"/>: formula, unquoted-formula-text, external-link, dde-link, macros,
/// defined-name, validation-formula, conditional-formula) and the offending text.
/// </summary>
public sealed record FormulaFinding(string Part, string? Cell, string Kind, string Text)
{
    public override string ToString() => $"{Part}{(Cell is null ? string.Empty : "!" + Cell)}: {Kind} “{Text}”";
}

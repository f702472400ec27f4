namespace Serverless.Domain.Tabular;

/// <summary>A sheet read against a <see cref="SheetSpec"/>: which columns were present and the non-blank rows.</summary>
public sealed record RawSheet(string FileName, string SheetName, SheetSpec Spec, IReadOnlyList<bool> ColumnPresent, IReadOnlyList<RawRow> Rows)
{
    public bool Has(string key) => ColumnPresent[Spec.IndexOf(key)];
}

namespace Serverless.Domain.Tabular;

/// <summary>
/// A sheet a workbook carries: found by its Chinese name or alias; <see cref="FallbackToFirstSheet"/> lets a
/// bid workbook's only sheet be read whatever it is called (DOMAIN.md §1 Reading workbooks).
/// </summary>
public sealed record SheetSpec(string ChineseName, string Alias, IReadOnlyList<ColumnSpec> Columns, bool FallbackToFirstSheet = false)
{
    public int IndexOf(string key)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Key == key)
            {
                return i;
            }
        }

        throw new ArgumentException($"Sheet {ChineseName} ({Alias}) has no column '{key}'.", nameof(key));
    }
}

namespace Serverless.Domain.Tabular;

/// <summary>
/// A sheet a workbook carries: found by its Chinese name or alias; <see cref="FallbackToFirstSheet"/> lets a
/// bid workbook's only sheet be read whatever it is called (DOMAIN.md §1 Reading workbooks).
/// </summary>
public sealed record SheetSpec(string ChineseName, string Alias, IReadOnlyList<ColumnSpec> Columns, bool FallbackToFirstSheet = false)
{
    private Dictionary<string, int>? _indexes;

    public int IndexOf(string key)
    {
        _indexes ??= Columns.Select((c, i) => (c.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        return _indexes.TryGetValue(key, out var index)
            ? index
            : throw new ArgumentException($"Sheet {ChineseName} ({Alias}) has no column '{key}'.", nameof(key));
    }
}

namespace Serverless.Domain.Tabular;

/// <summary>
/// A column a workbook sheet may carry: its Chinese header and English alias (DOMAIN.md §1 Workbook columns).
/// Readers match headers after trimming, ignoring case, full-width/half-width form and a trailing unit in brackets.
/// </summary>
public sealed record ColumnSpec(string Key, string ChineseHeader, string Alias, bool Required);

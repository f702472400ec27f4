using Serverless.Domain.Tabular;

namespace Serverless.Spreadsheets.Reading;

/// <summary>A sheet read: its rows when its structure is sound, and the whole-file problems when it is not.</summary>
public sealed record SheetReadResult(RawSheet? Sheet, IReadOnlyList<SheetIssue> Issues)
{
    public bool IsReadable => Sheet is not null;
}

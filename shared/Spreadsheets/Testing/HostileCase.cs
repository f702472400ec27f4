using Serverless.Domain.NewItems;
using Serverless.Domain.Tabular;

namespace Serverless.Spreadsheets.Testing;

/// <summary>
/// One generated upload: its category and variant, which workbook it imitates, the hospital it comes from, the blob
/// name inside its container (<c>bids</c> or <c>applications</c>), what a sound pipeline makes of it, and its bytes.
/// </summary>
public sealed record HostileCase(
    int Number,
    HostileCategory Category,
    HostileUploadKind Kind,
    string Variant,
    string Hospital,
    string BlobName,
    HostileOutcome Expected,
    byte[] Content)
{
    public SheetSpec Spec => Kind == HostileUploadKind.Bid ? WorkbookSchemas.Bids : NewItemSheets.Applications;

    /// <summary>The name the file goes by in reports: a bid is named for its hospital, an application by its own name.</summary>
    public string FileName => Kind == HostileUploadKind.Bid ? $"{Hospital}.xlsx" : Path.GetFileName(BlobName);

    public override string ToString() => $"#{Number} {Category}/{Kind}: {Variant} ({Content.Length:N0} bytes)";
}

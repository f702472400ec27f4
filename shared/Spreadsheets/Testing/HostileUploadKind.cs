namespace Serverless.Spreadsheets.Testing;

/// <summary>Which workbook a case imitates, and so where it is uploaded: a round-1 bid or a new-item application.</summary>
public enum HostileUploadKind
{
    Bid,
    Application,
}

namespace Serverless.Functions.Bidding;

/// <summary>A hospital's latest validated upload of a round as the submissions table keeps it.</summary>
public sealed record SubmissionRow(
    string Hospital,
    int Round,
    DateTimeOffset? UploadedAt,
    bool Rejected,
    string? RejectionReason,
    int ValidRows,
    int RejectedRows,
    string? ReportBlob,
    string? ArchiveBlob,
    string? ResultBlob);

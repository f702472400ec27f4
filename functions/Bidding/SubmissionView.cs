namespace Serverless.Functions.Bidding;

public sealed record SubmissionView(int Round, DateTimeOffset? UploadedAt, bool Rejected, string? RejectionReason, int ValidRows, int RejectedRows, string ValidationReport, string Archived);

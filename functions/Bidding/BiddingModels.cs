using Serverless.Domain.Bidding;

namespace Serverless.Functions.Bidding;

/// <summary>How an official starts a campaign: its id (also the orchestration's), and optionally shorter round windows (demos, tests).</summary>
/// <remarks><see cref="MonitoringDayMilliseconds"/> compresses the monitoring calendar that follows (demos and tests): one day lasts that long.</remarks>
public sealed record CampaignStart(string CampaignId, int? RoundWindowSeconds = null, string? StartedBy = null, int? MonitoringDayMilliseconds = null);

/// <summary>
/// A hospital's workbook arrived for a round and was archived: the event the upload function raises.
/// <see cref="UploadedAt"/> is when storage last wrote the blob's content (its Last-Modified), which judges lateness.
/// </summary>
public sealed record BidSubmitted(string Hospital, int Round, string ArchiveBlob, DateTimeOffset UploadedAt);

/// <summary>An official extends a round once by the given number of seconds.</summary>
public sealed record RoundExtension(int Round, long Seconds, string By);

/// <summary>What the validation of one workbook found, and where its report is.</summary>
public sealed record SubmissionValidated(string Hospital, int Round, bool Rejected, int ValidRows, int RejectedRows, string ReportBlob, string? RejectionReason);

/// <summary>
/// The scope as the campaign sees it after loading: valid or not, who is invited, which leagues/cities; with the
/// round window and the delivery grace (<see cref="BiddingOptions.DeliveryGraceSeconds"/>) the app runs it with.
/// </summary>
public sealed record ScopeSummary(bool IsValid, int IssueCount, string? ErrorReport, IReadOnlyList<string> Invited, IReadOnlyList<string> Leagues, decimal RegionalBiddingBudget, long RoundWindowSeconds,
    long DeliveryGraceSeconds = 0);

/// <summary>
/// A round's state as the upload function checks it: it takes workbooks uploaded by the deadline (UTC) while it is
/// open, which it stays for the delivery grace after the deadline; extended at most once.
/// </summary>
public sealed record RoundState(string CampaignId, int Round, DateTime DeadlineUtc, bool IsOpen, bool Extended);

/// <summary>Which campaign and league/city an adoption activity works on.</summary>
public sealed record LeagueWork(string CampaignId, string League);

/// <summary>The league/city results the finishing activity writes into the regional summary.</summary>
public sealed record FinishWork(string CampaignId, IReadOnlyList<LeagueResult> Leagues);

/// <summary>A submission to validate: the campaign and the archived workbook.</summary>
public sealed record ValidationWork(string CampaignId, BidSubmitted Submission);

/// <summary>A submission refused (late, wrong round) with its reason, so the hospital gets a report.</summary>
public sealed record RefusalWork(string CampaignId, BidSubmitted Submission, string ReasonZh, string ReasonEn);

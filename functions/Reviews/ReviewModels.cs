using Serverless.Domain.Reviews;

namespace Serverless.Functions.Reviews;

/// <summary>The two annual reviews (DOMAIN.md §4), as the API and the instance ids spell them.</summary>
public static class ReviewKinds
{
    public const string Complex = "complex";
    public const string General = "general";

    public static bool IsKnown(string? kind) => kind is Complex or General;
}

/// <summary>The campaign decisions an official sends for a triggered league/city.</summary>
public static class CampaignDecisions
{
    public const string Confirm = "confirm";
    public const string Decline = "decline";
}

/// <summary>The phases a review's custom status names.</summary>
public static class ReviewPhases
{
    public const string AwaitingIndicators = "AwaitingIndicators";
    public const string Reporting = "Reporting";
    public const string AwaitingDecisions = "AwaitingDecisions";
    public const string AwaitingCampaigns = "AwaitingCampaigns";
    public const string Completed = "Completed";
}

/// <summary>The orchestration's input: which review of which year, with the parameters in force when the timer fired.</summary>
public sealed record ReviewStart(int Year, string Kind, ReviewParameters Parameters)
{
    public string InstanceId => InstanceIdFor(Kind, Year);

    public static string InstanceIdFor(string kind, int year) => $"review-{kind}-{year}";

    /// <summary>The campaign id a confirmation gets when the official names none.</summary>
    public static string DefaultCampaignId(int year, string league) => $"campaign-{year}-{league}";
}

/// <summary>The year's indicator workbook as scored; not ready while it has not been uploaded (or holds no readable row).</summary>
public sealed record IndicatorScores(bool Ready, IReadOnlyList<CompositeScore> Scores);

/// <summary>What the report activity needs: the review, its CST date (from the orchestration's clock) and the scores.</summary>
public sealed record ReportWork(ReviewStart Start, DateOnly ReviewDate, IReadOnlyList<CompositeScore> Scores);

/// <summary>Where the report went and how many new items and hospitals it lists.</summary>
public sealed record ReportWritten(string ReportBlob, int TrialsEnding, int HospitalsOverLimit);

/// <summary>A campaign the review proposes for a triggered league/city, under its default id until an official confirms.</summary>
public sealed record ProposedCampaign(string League, decimal Total, string CampaignId);

/// <summary>The decision event (one channel for every league/city): who decided what, and the campaign id of a confirmation.</summary>
public sealed record CampaignDecision(string League, string Decision, string? CampaignId, string Official, string? Comment, DateTimeOffset At);

/// <summary>A confirmed campaign and how it ended: the campaign's own outcome, or Failed with the reason.</summary>
public sealed record LaunchedCampaign(string League, string CampaignId, string Official, string Outcome, string? Detail);

/// <summary>Custom status: the phase, the proposals, and the leagues/cities still waiting for a decision.</summary>
public sealed record ReviewProgress(string Phase, IReadOnlyList<ProposedCampaign> Proposals, IReadOnlyList<string> Pending, IReadOnlyList<string> Running);

/// <summary>The review's outcome.</summary>
public sealed record ReviewSummary(
    int Year,
    string Kind,
    DateOnly ReviewDate,
    IReadOnlyList<CompositeScore> Scores,
    IReadOnlyList<string> Triggered,
    IReadOnlyList<LaunchedCampaign> Confirmed,
    IReadOnlyList<string> Declined,
    string ReportBlob,
    int TrialsEnding,
    int HospitalsOverLimit);

/// <summary>The body of POST /api/reviews/{year}/complex/campaigns/{league}.</summary>
public sealed record CampaignDecisionRequest(string? Decision, string? CampaignId = null, string? Comment = null);

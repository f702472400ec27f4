namespace Serverless.Functions.Bidding;

/// <summary>The campaign's custom status, which officials see at any time.</summary>
public sealed record CampaignProgress(
    string Phase,
    int Round,
    DateTime? DeadlineUtc,
    bool Extended,
    int Invited,
    int Submitted,
    int ValidRows,
    int RejectedRows,
    int RejectedFiles);

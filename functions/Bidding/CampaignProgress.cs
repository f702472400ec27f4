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
    int RejectedFiles)
{
    /// <summary>What a hospital may see of a campaign's progress: phase, round and deadline, none of the other hospitals' counts.</summary>
    public CampaignProgress ForHospital() => this with { Invited = 0, Submitted = 0, ValidRows = 0, RejectedRows = 0, RejectedFiles = 0 };
}

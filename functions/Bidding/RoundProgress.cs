namespace Serverless.Functions.Bidding;

/// <summary>One round's totals as officials follow them: its deadline, whether it was extended, and its counts.</summary>
public sealed record RoundProgress(
    int Round,
    DateTime DeadlineUtc,
    bool Extended,
    int Invited,
    int Submitted,
    int ValidRows,
    int RejectedRows,
    int RejectedFiles)
{
    /// <summary>What a hospital may see of a round: its deadline and extension, none of the other hospitals' counts.</summary>
    public RoundProgress ForHospital() => this with { Invited = 0, Submitted = 0, ValidRows = 0, RejectedRows = 0, RejectedFiles = 0 };
}

namespace Serverless.Functions.Bidding;

/// <summary>
/// The campaign's custom status, which officials see at any time: the phase, the current (or, between and after the
/// rounds, the latest) round's deadline and counts, and every round's totals so far, which no later phase resets.
/// </summary>
public sealed record CampaignProgress(
    string Phase,
    int Round,
    DateTime? DeadlineUtc,
    bool Extended,
    int Invited,
    int Submitted,
    int ValidRows,
    int RejectedRows,
    int RejectedFiles,
    IReadOnlyList<RoundProgress> Rounds)
{
    /// <summary>A round's phase (<c>Round{n}</c> while it is open, <c>Round{n}Closed</c> after) with the closed rounds before it.</summary>
    public static CampaignProgress During(RoundProgress current, bool isOpen, IReadOnlyList<RoundProgress> closedBefore)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(closedBefore);
        return new CampaignProgress(isOpen ? $"Round{current.Round}" : $"Round{current.Round}Closed", current.Round, current.DeadlineUtc, current.Extended,
            current.Invited, current.Submitted, current.ValidRows, current.RejectedRows, current.RejectedFiles, [.. closedBefore, current]);
    }

    /// <summary>A phase between or after the rounds: no deadline runs, the counts stay the latest round's.</summary>
    public static CampaignProgress After(string phase, IReadOnlyList<RoundProgress> closed)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var last = closed.Count > 0 ? closed[^1] : null;
        return new CampaignProgress(phase, last?.Round ?? 0, null, false, last?.Invited ?? 0, last?.Submitted ?? 0, last?.ValidRows ?? 0,
            last?.RejectedRows ?? 0, last?.RejectedFiles ?? 0, closed);
    }

    /// <summary>What a hospital may see of a campaign's progress: phase, round and deadlines, none of the other hospitals' counts.</summary>
    public CampaignProgress ForHospital() => this with
    {
        Invited = 0, Submitted = 0, ValidRows = 0, RejectedRows = 0, RejectedFiles = 0, Rounds = [.. Rounds.Select(r => r.ForHospital())],
    };
}

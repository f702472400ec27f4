namespace Serverless.Functions.Bidding;

/// <summary>
/// A round's running counts, kept incrementally (the orchestrator replays every step, so per-event work must stay
/// constant): each invited hospital's latest validated workbook, and the totals officials see.
/// </summary>
public sealed class RoundTally(IReadOnlySet<string> invited)
{
    private readonly Dictionary<string, SubmissionValidated> _latest = new(StringComparer.Ordinal);
    private int _submitted;
    private int _validRows;
    private int _rejectedRows;
    private int _rejectedFiles;

    public bool EveryoneSubmitted => _submitted == invited.Count;

    /// <summary>The latest validated workbook of a hospital replaces its earlier one in every count.</summary>
    public void Record(SubmissionValidated validated)
    {
        ArgumentNullException.ThrowIfNull(validated);
        if (_latest.TryGetValue(validated.Hospital, out var earlier))
        {
            Count(earlier, -1);
        }

        _latest[validated.Hospital] = validated;
        Count(validated, +1);
    }

    public RoundProgress Totals(RoundState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new RoundProgress(state.Round, state.DeadlineUtc, state.Extended, invited.Count, _submitted, _validRows, _rejectedRows, _rejectedFiles);
    }

    private void Count(SubmissionValidated validated, int sign)
    {
        _submitted += !validated.Rejected && invited.Contains(validated.Hospital) ? sign : 0;
        _validRows += sign * validated.ValidRows;
        _rejectedRows += sign * validated.RejectedRows;
        _rejectedFiles += validated.Rejected ? sign : 0;
    }
}

using Serverless.Domain.Bidding;

namespace Serverless.Domain.Simulation;

/// <summary>
/// One league/city in two runs side by side, and each figure's change (second − first). A side is null when that
/// run's scope has no such league/city; its figures then count as zero in the changes.
/// </summary>
public sealed record LeagueDelta(LeagueCode League, string Name, LeagueFigures? First, LeagueFigures? Second)
{
    private static readonly LeagueFigures Nothing = new(Yuan.Zero, Yuan.Zero, Yuan.Zero, Yuan.Zero, 0, 0);

    public Yuan BudgetChange => (Second ?? Nothing).Budget - (First ?? Nothing).Budget;

    public Yuan SavingChange => (Second ?? Nothing).Saving - (First ?? Nothing).Saving;

    public Yuan UsedByRisesChange => (Second ?? Nothing).UsedByRises - (First ?? Nothing).UsedByRises;

    public Yuan NetChange => (Second ?? Nothing).Net - (First ?? Nothing).Net;

    public int AdoptedChange => (Second ?? Nothing).Adopted - (First ?? Nothing).Adopted;

    public int SkippedChange => (Second ?? Nothing).Skipped - (First ?? Nothing).Skipped;
}

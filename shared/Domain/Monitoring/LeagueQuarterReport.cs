using Serverless.Domain.Bidding;

namespace Serverless.Domain.Monitoring;

/// <summary>
/// A league/city's quarter (DOMAIN.md §6): each adopted item's figures and flags, Σ predicted and Σ actual, the fit
/// (契合度, null — shown "—" — when Σ predicted is 0) and the hospital indicators.
/// </summary>
public sealed record LeagueQuarterReport(
    LeagueCode League,
    string LeagueName,
    MonitoringQuarter Quarter,
    decimal? Fit,
    IReadOnlyList<ItemMonitoring> Items,
    IReadOnlyList<HospitalIndicator> Hospitals)
{
    public Yuan TotalPredicted => new(Items.Sum(i => i.Predicted.Value));

    public Yuan TotalActual => new(Items.Sum(i => i.Actual.Value));

    public int DeviatingCount => Items.Count(i => i.Deviating);

    public int ConflictCount => Items.Count(i => i.VolumeConflict);
}

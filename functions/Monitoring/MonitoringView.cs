namespace Serverless.Functions.Monitoring;

/// <summary>
/// A campaign's monitoring as the dashboard shows it: the effective date, the baseline year, whether uploads are still
/// taken, and per monitored quarter its dates and every league/city's upload (or its absence) with the figures.
/// </summary>
public sealed record MonitoringView(
    string CampaignId,
    DateOnly EffectiveDate,
    int BaselineYear,
    string Phase,
    DateTimeOffset CloseUtc,
    IReadOnlyList<QuarterView> Quarters,
    IReadOnlyList<NoticeView> Notices);

public sealed record QuarterView(string Quarter, DateOnly DueDate, DateTimeOffset ReminderUtc, DateTimeOffset EscalationUtc, string? RegionalReport, IReadOnlyList<LeagueQuarterView> Leagues);

/// <summary>One league/city's quarter: <see cref="Received"/> false means still missing (the other fields then empty).</summary>
public sealed record LeagueQuarterView(
    string League,
    string Name,
    bool Received,
    bool Late,
    DateTimeOffset? UploadedAt,
    decimal? TotalPredicted,
    decimal? TotalActual,
    decimal? Fit,
    int Deviating,
    int Conflicts,
    int RejectedRows,
    string? ValidationReport,
    string? Report);

public sealed record NoticeView(string Kind, string Recipient, string Quarter, string League, string TextZh, string TextEn, DateTimeOffset? CreatedAt);

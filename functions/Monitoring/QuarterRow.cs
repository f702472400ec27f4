namespace Serverless.Functions.Monitoring;

/// <summary>
/// A league/city's quarter as the dashboard lists it: the upload taken (when, late or not, its validation report), and
/// for a monitored quarter Σ predicted, Σ actual (fen), the fit and the flag counts; the blobs of its data and report.
/// </summary>
public sealed record QuarterRow(
    string League,
    string Quarter,
    bool Monitored,
    DateTimeOffset UploadedAt,
    bool Late,
    int RejectedRows,
    string ValidationReport,
    decimal? TotalPredicted,
    decimal? TotalActual,
    decimal? Fit,
    int Deviating,
    int Conflicts,
    string DataBlob,
    string? ReportBlob);

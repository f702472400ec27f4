namespace Serverless.Domain.Monitoring;

/// <summary>A quarter's fit in the evaluation: not received (no upload), or received with its fit (null when Σ predicted is 0).</summary>
public sealed record QuarterFit(MonitoringQuarter Quarter, bool Received, decimal? Fit);

using Serverless.Domain.Monitoring;

namespace Serverless.Functions.Monitoring;

/// <summary>
/// A league/city's accepted workbook for a quarter as kept (a blob, since a league's rows outgrow a table entity): the
/// valid rows, and for a monitored quarter its assessment (null for a baseline quarter, whose rows only serve as the baseline).
/// </summary>
public sealed record QuarterRecord(MonitoringWorkbook Workbook, LeagueQuarterReport? Report);

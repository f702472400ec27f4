using Serverless.Domain.Bidding;

namespace Serverless.Domain.Monitoring;

/// <summary>
/// An item flagged deviating or price-volume conflict in at least two of the last four quarters (DOMAIN.md §6 After):
/// a candidate for priority inclusion in the next campaign (对价格矛盾突出、比价关系明显不合理的项目优先纳入调价范围).
/// </summary>
public sealed record PriorityCandidate(
    ItemCode Item,
    string ItemName,
    IReadOnlyList<MonitoringQuarter> FlaggedQuarters,
    IReadOnlyList<MonitoringQuarter> DeviatingQuarters,
    IReadOnlyList<MonitoringQuarter> ConflictQuarters);

using Serverless.Domain.Bidding;

namespace Serverless.Domain.Monitoring;

/// <summary>
/// A public hospital's quarter against the same quarter of the baseline year (DOMAIN.md §6): 医疗服务收入占比 and
/// 个人自付占比 (both of 医疗收入), and their changes in percentage points. Null where 医疗收入 is 0 or no baseline
/// row exists. Shares are rounded to <see cref="MonitoringParameters.ShareDecimals"/>, changes computed from the exact
/// shares and rounded to <see cref="MonitoringParameters.PointDecimals"/>.
/// </summary>
public sealed record HospitalIndicator(
    HospitalCode Hospital,
    string HospitalName,
    decimal? ServiceShare,
    decimal? BaselineServiceShare,
    decimal? ServiceShareChangePoints,
    decimal? OutOfPocketShare,
    decimal? BaselineOutOfPocketShare,
    decimal? OutOfPocketShareChangePoints);

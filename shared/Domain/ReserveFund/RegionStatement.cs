namespace Serverless.Domain.ReserveFund;

/// <summary>
/// A co-ordination region's fund statement for a year: revenue excluding personal accounts, total revenue (for the
/// cap), expenditure, accumulated surplus, in-service:retiree ratio, collection rate and enrollment-expansion completion.
/// </summary>
public sealed record RegionStatement(
    string Region,
    Yuan RevenueExcludingPersonalAccounts,
    Yuan TotalRevenue,
    Yuan Expenditure,
    Yuan AccumulatedSurplus,
    decimal InServiceRetireeRatio,
    decimal CollectionRate,
    decimal EnrollmentCompletion);

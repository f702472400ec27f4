using Serverless.Domain.ReserveFund;

namespace Serverless.Functions.ReserveFund;

/// <summary>
/// One insurance type's collection run in January of <see cref="CollectionYear"/>, for the past year: it reads the
/// regions' statements of <see cref="StatementYear"/> (DOMAIN.md §3 "the collection for the past year").
/// </summary>
public sealed record FundCollectionStart(InsuranceType Fund, int CollectionYear, FundParameters Parameters)
{
    public int StatementYear => CollectionYear - 1;

    public string InstanceId => InstanceIdFor(Fund, CollectionYear);

    public static string InstanceIdFor(InsuranceType fund, int collectionYear) => $"fund-{fund}-{collectionYear}".ToLowerInvariant();
}

/// <summary>A region's contribution as the plan computed it.</summary>
public sealed record RegionContribution(string Region, decimal Amount);

/// <summary>The year's plan: cap, balance before, whether scaled at the cap, and each region's contribution; null statements = not uploaded yet.</summary>
public sealed record CollectionPlan(bool StatementsReady, decimal Cap, decimal BalanceBefore, bool Scaled, IReadOnlyList<RegionContribution> Contributions);

public sealed record TransferConfirmed(string Region, string Official, DateTimeOffset At);

public sealed record ContributionPosting(FundCollectionStart Start, string Region, decimal Amount);

public sealed record FundNotice(FundCollectionStart Start, IReadOnlyList<string> Regions, string Kind);

/// <summary>How a region's deficit was covered (DOMAIN.md §3), as posted.</summary>
public sealed record DeficitView(string Region, decimal Deficit, decimal FromSurplus, decimal ReserveDue, decimal ReservePaid, decimal Government);

/// <summary>The year's outcome: contributions, deficit payouts, the resident critical-illness transfers, balance and report.</summary>
public sealed record FundCollectionSummary(
    string Fund, int CollectionYear, decimal Cap, decimal BalanceBefore, decimal Collected, bool Scaled,
    IReadOnlyList<DeficitView> Deficits, IReadOnlyList<RegionContribution> CriticalIllnessTransfers, decimal BalanceAfter, string Report);

/// <summary>Custom status: the phase and the regions whose transfer is still unconfirmed.</summary>
public sealed record FundProgress(string Phase, IReadOnlyList<string> Unconfirmed, bool Reminded, bool Escalated);

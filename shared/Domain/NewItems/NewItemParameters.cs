namespace Serverless.Domain.NewItems;

/// <summary>New-item approval parameters with DOMAIN.md §2 defaults.</summary>
public sealed record NewItemParameters
{
    public int TechnicalReviewWorkingDays { get; init; } = 20;

    public int PriceReviewWorkingDays { get; init; } = 20;

    /// <summary>Not fixed by DOMAIN.md; the same 20 working days as the other standard reviews.</summary>
    public int ExpertEvaluationWorkingDays { get; init; } = 20;

    /// <summary>The green channel's limit for both parallel reviews together.</summary>
    public int GreenChannelWorkingDays { get; init; } = 10;

    /// <summary>Not fixed by DOMAIN.md; a returned application waits this long for the hospital's resubmission.</summary>
    public int ResubmissionWorkingDays { get; init; } = 20;

    public Yuan ExpertPriceThreshold { get; init; } = new(1_000m);

    public Yuan ExpertAnnualRevenueThreshold { get; init; } = new(1_000_000m);

    public decimal MarketRegulatedItemShareLimit { get; init; } = 0.10m;

    public decimal MarketRegulatedRevenueShareLimit { get; init; } = 0.10m;

    public int TrialYears { get; init; } = 2;

    /// <summary>Not fixed by DOMAIN.md: the single extension lasts one year.</summary>
    public int TrialExtensionYears { get; init; } = 1;
}

namespace Serverless.Domain.ReserveFund;

/// <summary>The reserve fund's numbers (DOMAIN.md §3); every one is a parameter an administrator may change per year.</summary>
public sealed record FundParameters
{
    public static readonly FundParameters Default = new();

    /// <summary>Each region contributes this share of its fund revenue excluding personal accounts.</summary>
    public decimal ContributionRatio { get; init; } = 0.03m;

    /// <summary>Collection stops once the balance reaches this share of last year's total fund revenue of all regions.</summary>
    public decimal CapShare { get; init; } = 0.05m;

    /// <summary>The 0.7 in reserve share = 0.7 × d × c × e.</summary>
    public decimal ReserveShareFactor { get; init; } = 0.7m;

    /// <summary>c = min(1, collection rate ÷ this benchmark).</summary>
    public decimal CollectionRateBenchmark { get; init; } = 0.95m;

    /// <summary>Resident funds transfer at least this share to critical-illness insurance each year.</summary>
    public decimal CriticalIllnessShare { get; init; } = 0.06m;

    public int FirstYear(InsuranceType type) => type == InsuranceType.Employees ? 2027 : 2028;
}

namespace Serverless.Functions.Security;

/// <summary>The roles officials and hospitals act in (DOMAIN.md §5); each callback is tied to one.</summary>
public static class Roles
{
    public const string PriceOffice = "price-office";
    public const string HealthCommission = "health-commission";
    public const string ExpertPanel = "expert-panel";
    public const string FundOffice = "fund-office";
    public const string FinanceOffice = "finance-office";
    public const string OfficeHead = "office-head";
    public const string Hospital = "hospital";

    public static IReadOnlyList<string> All { get; } = [PriceOffice, HealthCommission, ExpertPanel, FundOffice, FinanceOffice, OfficeHead, Hospital];

    public static IReadOnlyList<string> Officials { get; } = [PriceOffice, HealthCommission, ExpertPanel, FundOffice, FinanceOffice, OfficeHead];

    /// <summary>
    /// Who may search the audit trail, which spans every office: the office head, who oversees all of them (and decides
    /// escalated reviews), and the price office, which runs the campaigns, new-item reviews and simulations that make
    /// most of the trail and answers for them. The other offices and hospitals act within their own part and see only that.
    /// </summary>
    public static IReadOnlyList<string> AuditReaders { get; } = [OfficeHead, PriceOffice];

    /// <summary>The claim naming the hospital a hospital user acts for.</summary>
    public const string HospitalClaim = "hospital";

    /// <summary>The claim naming the co-ordination region a finance office acts for (<see cref="SignedInRegion"/>).</summary>
    public const string RegionClaim = "region";
}

namespace Serverless.Domain.NewItems;

public enum OfficialRole
{
    PriceOffice,
    HealthCommission,
    ExpertPanel,
    OfficeHead,
}

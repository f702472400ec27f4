using Serverless.Domain.Bidding;

namespace Serverless.Domain.NewItems;

/// <summary>A hospital's charge items and medical-service revenue, and the market-regulated part of each (DOMAIN.md §2 10 % limits).</summary>
public sealed record MarketRegulatedPosition(
    HospitalCode Hospital,
    int ChargeItems,
    int MarketRegulatedItems,
    Yuan MedicalServiceRevenue,
    Yuan MarketRegulatedRevenue)
{
    public decimal ItemShare => ChargeItems == 0 ? 0m : (decimal)MarketRegulatedItems / ChargeItems;

    public decimal RevenueShare => MedicalServiceRevenue.Value == 0m ? 0m : MarketRegulatedRevenue.Value / MedicalServiceRevenue.Value;

    public bool ExceedsItemLimit(NewItemParameters parameters) => ItemShare > parameters.MarketRegulatedItemShareLimit;

    public bool ExceedsRevenueLimit(NewItemParameters parameters) => RevenueShare > parameters.MarketRegulatedRevenueShareLimit;

    public bool WithinLimits(NewItemParameters parameters) => !ExceedsItemLimit(parameters) && !ExceedsRevenueLimit(parameters);

    /// <summary>The position after approving a new market-regulated item: one more item of each count, its expected revenue added to both.</summary>
    public MarketRegulatedPosition WithApprovedItem(Yuan expectedAnnualRevenue) => this with
    {
        ChargeItems = ChargeItems + 1,
        MarketRegulatedItems = MarketRegulatedItems + 1,
        MedicalServiceRevenue = MedicalServiceRevenue + expectedAnnualRevenue,
        MarketRegulatedRevenue = MarketRegulatedRevenue + expectedAnnualRevenue,
    };
}

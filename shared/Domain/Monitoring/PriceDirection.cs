namespace Serverless.Domain.Monitoring;

/// <summary>Which way the campaign moved an item's tier-3 price: the price-volume conflict is judged against it (DOMAIN.md §6).</summary>
public enum PriceDirection
{
    Unchanged,
    Rise,
    Cut,
}

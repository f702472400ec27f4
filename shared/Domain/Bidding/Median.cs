namespace Serverless.Domain.Bidding;

/// <summary>The median of exact values: the middle one, or the mean of the middle two for an even count (DOMAIN.md §1).</summary>
public static class Median
{
    public static decimal Of(List<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2m;
    }
}

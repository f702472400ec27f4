namespace Serverless.Functions.Hosting;

/// <summary>One page of a longer list: its number (from 1), the page size, how many items the whole list has, and the items.</summary>
public sealed record ListPage<T>(int Number, int Size, int Total, IReadOnlyList<T> Items)
{
    /// <summary>Page <paramref name="number"/> of <paramref name="all"/>; past the end, an empty page that still gives the total.</summary>
    public static ListPage<T> Of(IReadOnlyList<T> all, int number, int size)
    {
        ArgumentNullException.ThrowIfNull(all);
        return new ListPage<T>(number, size, all.Count, [.. all.Skip((int)Math.Min(int.MaxValue, ((long)number - 1) * size)).Take(size)]);
    }
}

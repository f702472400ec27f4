namespace Serverless.Domain.Bidding;

/// <summary>A price item's code (项目编码). Ordered ordinally: the last ranking tie-break (DOMAIN.md §1 Ranking).</summary>
public readonly record struct ItemCode(string Value) : IComparable<ItemCode>
{
    public int CompareTo(ItemCode other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}

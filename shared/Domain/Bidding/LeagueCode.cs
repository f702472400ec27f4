namespace Serverless.Domain.Bidding;

/// <summary>A league/city's code (盟市编码), one of the 12 co-ordination regions.</summary>
public readonly record struct LeagueCode(string Value) : IComparable<LeagueCode>
{
    public int CompareTo(LeagueCode other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}

namespace Serverless.Domain.Bidding;

/// <summary>A medical institution's code (机构编码).</summary>
public readonly record struct HospitalCode(string Value) : IComparable<HospitalCode>
{
    public int CompareTo(HospitalCode other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}

namespace Serverless.Domain;

/// <summary>An amount of money in yuan, kept exact; rounded to fen only when stored or shown (DOMAIN.md preamble).</summary>
public readonly record struct Yuan(decimal Value) : IComparable<Yuan>
{
    public static readonly Yuan Zero = new(0m);

    /// <summary>Rounds to fen (0.01), half away from zero — never the banker's rounding C# defaults to.</summary>
    public Yuan RoundToFen() => new(Math.Round(Value, 2, MidpointRounding.AwayFromZero));

    public int CompareTo(Yuan other) => Value.CompareTo(other.Value);

    public static Yuan operator +(Yuan a, Yuan b) => new(a.Value + b.Value);
    public static Yuan operator -(Yuan a, Yuan b) => new(a.Value - b.Value);
    public static Yuan operator -(Yuan a) => new(-a.Value);
    public static Yuan operator *(Yuan a, decimal factor) => new(a.Value * factor);
    public static Yuan operator *(decimal factor, Yuan a) => new(a.Value * factor);
    public static Yuan operator /(Yuan a, decimal divisor) => new(a.Value / divisor);
    public static bool operator <(Yuan a, Yuan b) => a.Value < b.Value;
    public static bool operator >(Yuan a, Yuan b) => a.Value > b.Value;
    public static bool operator <=(Yuan a, Yuan b) => a.Value <= b.Value;
    public static bool operator >=(Yuan a, Yuan b) => a.Value >= b.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

namespace Serverless.Domain.Bidding;

/// <summary>An item's policy flags (手术或高风险, 薄弱学科, 中医蒙医), inputs to the policy factor P.</summary>
public sealed record PolicyFlags(bool SurgicalOrHighRisk, bool WeakDiscipline, bool TcmOrMongolian)
{
    public static readonly PolicyFlags None = new(false, false, false);
}

namespace Serverless.Domain.Bidding;

/// <summary>A hospital row of the scope workbook (医疗机构).</summary>
public sealed record Hospital(
    HospitalCode Code,
    string Name,
    LeagueCode League,
    Tier Tier,
    bool IsPublic,
    bool IsGrassroots,
    bool IsTcmOrMongolian);

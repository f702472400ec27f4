using Serverless.Domain.Tabular;

namespace Serverless.Domain.Bidding;

/// <summary>Reads a tier cell: 1/2/3, or 一级/二级/三级 as clerks also write it.</summary>
public static class TierText
{
    public static bool TryParse(string? text, out Tier tier)
    {
        tier = Tier.Three;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var normalized = CellText.Normalize(text);
        tier = normalized switch
        {
            "1" or "一级" or "一" => Tier.One,
            "2" or "二级" or "二" => Tier.Two,
            "3" or "三级" or "三" => Tier.Three,
            _ => (Tier)0,
        };
        if (tier == 0 && CellText.TryParseDecimal(normalized, out var number) && number is 1m or 2m or 3m)
        {
            tier = (Tier)(int)number;
        }

        return tier != 0;
    }
}

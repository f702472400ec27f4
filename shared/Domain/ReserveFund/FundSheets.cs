using Serverless.Domain.Tabular;

namespace Serverless.Domain.ReserveFund;

/// <summary>
/// The region fund statement workbook the yearly collection reads (DOMAIN.md §3): one row per co-ordination region.
/// A row with any error is left out and every error is listed; the good rows are kept.
/// </summary>
public static class FundSheets
{
    /// <summary>The highest collection rate or enrollment completion accepted (150 %); anything above is a typing slip.</summary>
    private const decimal MaxRate = 1.5m;

    public static readonly SheetSpec Statements = new("基金收支", "statements",
    [
        new("region", "统筹区编码", "region", true),
        new("revenue_excl_personal", "统筹基金收入（不含个人账户）", "revenue_excl_personal", true),
        new("total_revenue", "基金总收入", "total_revenue", true),
        new("expenditure", "基金支出", "expenditure", true),
        new("accumulated_surplus", "累计结余", "accumulated_surplus", true),
        new("in_service_retiree_ratio", "在职退休比", "in_service_retiree_ratio", true),
        new("collection_rate", "征缴率", "collection_rate", true),
        new("enrollment_completion", "扩面完成率", "enrollment_completion", true),
    ], FallbackToFirstSheet: true);

    public static (IReadOnlyList<RegionStatement> Statements, IReadOnlyList<SheetIssue> Issues) ReadStatements(RawSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var statements = new List<RegionStatement>();
        var issues = new List<SheetIssue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in sheet.Rows)
        {
            var cells = new SheetRowReader(sheet, row, issues);
            var region = cells.Required("region");
            var revenue = Amount(cells, "revenue_excl_personal");
            var totalRevenue = Amount(cells, "total_revenue");
            var expenditure = Amount(cells, "expenditure");
            var surplus = Amount(cells, "accumulated_surplus");
            var ratio = cells.Number("in_service_retiree_ratio", required: true);
            if (ratio <= 0)
            {
                cells.Error("in_service_retiree_ratio", "not_positive", "必须大于 0", "must be greater than 0");
            }

            var collectionRate = Rate(cells, "collection_rate");
            var enrollment = Rate(cells, "enrollment_completion");
            if (region is not null && !seen.Add(region))
            {
                cells.Error("region", "duplicate_code", "重复", "is repeated");
            }

            if (cells.ErrorCount == 0)
            {
                statements.Add(new RegionStatement(region!, new Yuan(revenue!.Value), new Yuan(totalRevenue!.Value), new Yuan(expenditure!.Value),
                    new Yuan(surplus!.Value), ratio!.Value, collectionRate!.Value, enrollment!.Value));
            }
        }

        return (statements, issues);
    }

    private static decimal? Amount(SheetRowReader cells, string key)
    {
        var amount = cells.Number(key, required: true);
        if (amount < 0)
        {
            cells.Error(key, "negative", "不能为负数", "must not be negative");
        }
        else if (amount is { } a && !CellText.HasAtMostDecimals(a, 2))
        {
            cells.Error(key, "too_many_decimals", "最多保留 2 位小数", "may have at most 2 decimals");
        }

        return amount;
    }

    /// <summary>A rate written as 0.96, 96% or 96 (CellText.TryParseFraction), between 0 and 150 %.</summary>
    private static decimal? Rate(SheetRowReader cells, string key)
    {
        var text = cells.Required(key);
        if (text is null)
        {
            return null;
        }

        if (!CellText.TryParseFraction(text, out var rate))
        {
            cells.Error(key, "not_a_fraction", "应为比例，如 0.96、96%", "must be a fraction such as 0.96 or 96%");
            return null;
        }

        if (rate > MaxRate)
        {
            cells.Error(key, "out_of_range", "应在 0 到 150% 之间", "must be between 0 and 150%");
            return null;
        }

        return rate;
    }
}

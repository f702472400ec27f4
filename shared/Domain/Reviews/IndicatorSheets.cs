using Serverless.Domain.Tabular;

namespace Serverless.Domain.Reviews;

/// <summary>
/// The indicator workbooks the annual reviews score (DOMAIN.md §4): one row per league/city with its dimension scores,
/// each 0–100. Every problem names file, sheet, row and column; a row with any error is left out, good rows are kept.
/// Headers follow seed 000 §二(三).
/// </summary>
public static class IndicatorSheets
{
    private const decimal MaxScore = 100m;

    /// <summary>Complex items: the five dimensions, in <see cref="ReviewParameters.ComplexWeights"/> order.</summary>
    public static readonly SheetSpec Complex = new("综合指数", "indicators",
    [
        new("league_code", "盟市编码", "league_code", true),
        new("staff_capability", "医务人员个人能力", "staff_capability", true),
        new("technical_support", "医疗机构技术支撑", "technical_support", true),
        new("development", "经济社会及卫生事业发展水平", "development", true),
        new("hospital_operation", "医疗机构运行情况", "hospital_operation", true),
        new("capacity_to_pay", "患者和医保承受能力", "capacity_to_pay", true),
    ], FallbackToFirstSheet: true);

    /// <summary>General items: the three indicators, in <see cref="ReviewParameters.GeneralWeights"/> order.</summary>
    public static readonly SheetSpec General = new("一般项目指标", "general_indicators",
    [
        new("league_code", "盟市编码", "league_code", true),
        new("wage_growth", "城镇单位就业人员平均工资", "wage_growth", true),
        new("fund_affordability", "医保基金承受能力", "fund_affordability", true),
        new("cpi", "居民消费价格指数", "cpi", true),
    ], FallbackToFirstSheet: true);

    public static (IReadOnlyList<CompositeScore> Scores, IReadOnlyList<SheetIssue> Issues) ReadComplex(RawSheet sheet, ReviewParameters parameters)
        => Read(sheet, Complex, (league, dimensions) => CompositeIndex.Complex(league, dimensions, parameters));

    public static (IReadOnlyList<CompositeScore> Scores, IReadOnlyList<SheetIssue> Issues) ReadGeneral(RawSheet sheet, ReviewParameters parameters)
        => Read(sheet, General, (league, indicators) => CompositeIndex.General(league, indicators, parameters));

    /// <summary>The dimension columns of <paramref name="spec"/>: every column after the league code.</summary>
    public static IReadOnlyList<ColumnSpec> Dimensions(SheetSpec spec) => [.. (spec ?? throw new ArgumentNullException(nameof(spec))).Columns.Skip(1)];

    private static (IReadOnlyList<CompositeScore> Scores, IReadOnlyList<SheetIssue> Issues) Read(
        RawSheet sheet, SheetSpec spec, Func<string, IReadOnlyList<decimal>, CompositeScore> score)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var scores = new List<CompositeScore>();
        var issues = new List<SheetIssue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in sheet.Rows)
        {
            var cells = new SheetRowReader(sheet, row, issues);
            var league = cells.Required("league_code");
            var dimensions = Dimensions(spec).Select(column => Score(cells, column.Key)).ToList();
            if (league is not null && !seen.Add(league))
            {
                cells.Error("league_code", "duplicate_code", "重复", "is repeated");
            }

            if (cells.ErrorCount == 0)
            {
                scores.Add(score(league!, [.. dimensions.Select(d => d!.Value)]));
            }
        }

        return (scores, issues);
    }

    private static decimal? Score(SheetRowReader cells, string key)
    {
        var value = cells.Number(key, required: true);
        if (value is < 0m or > MaxScore)
        {
            cells.Error(key, "out_of_range", "应在 0 到 100 之间", "must be between 0 and 100");
            return null;
        }

        return value;
    }
}

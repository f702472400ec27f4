using Serverless.Domain.Reviews;
using Serverless.Domain.Tabular;

namespace Serverless.Domain.Tests.Reviews;

/// <summary>DOMAIN.md §4: the indicator workbooks the reviews score; bad rows are listed and left out, good rows scored.</summary>
public sealed class IndicatorSheetsTests
{
    private static RawSheet Sheet(SheetSpec spec, params string?[][] rows)
        => new("complex-indicators.xlsx", spec.ChineseName, spec, [.. spec.Columns.Select(_ => true)], [.. rows.Select((cells, i) => new RawRow(i + 2, cells))]);

    [Fact]
    public void Each_league_is_scored_with_equal_weights_and_sixty_triggers()
    {
        var (scores, issues) = IndicatorSheets.ReadComplex(Sheet(IndicatorSheets.Complex,
            ["150100", "70", "65", "50", "60", "55"],
            ["150200", "70", "65", "50", "60", "54.95"],
            ["150300", "１００", "90", "80.5", "75", "66"]), ReviewParameters.Default);

        Assert.Empty(issues);

        // 0.2 × (70 + 65 + 50 + 60 + 55) = 60.00; with 54.95 the total is 59.99.
        Assert.Equal([("150100", 60.00m, true), ("150200", 59.99m, false), ("150300", 82.30m, true)], scores.Select(s => (s.League, s.Total, s.Triggered)));
        Assert.Equal([70m, 65m, 50m, 60m, 55m], scores[0].Dimensions);
    }

    [Fact]
    public void A_score_outside_zero_to_one_hundred_a_blank_or_a_word_is_reported_at_its_cell_and_only_that_row_is_left_out()
    {
        var (scores, issues) = IndicatorSheets.ReadComplex(Sheet(IndicatorSheets.Complex,
            ["150100", "70", "65", "50", "60", "55"],
            ["150200", "100.01", "65", "50", "60", "55"],
            ["150300", "70", "-1", "50", null, "55"],
            ["150400", "70", "65", "高", "60", "55"],
            [null, "70", "65", "50", "60", "55"]), ReviewParameters.Default);

        Assert.Equal(["150100"], scores.Select(s => s.League));
        Assert.Equal(
            [
                "3:医务人员个人能力:out_of_range",
                "4:医疗机构技术支撑:out_of_range",
                "4:医疗机构运行情况:required",
                "5:经济社会及卫生事业发展水平:not_a_number",
                "6:盟市编码:required",
            ],
            issues.Select(i => $"{i.RowNumber}:{i.Column}:{i.Code}"));
        Assert.All(issues, i => Assert.Equal(("complex-indicators.xlsx", "综合指数", IssueSeverity.Error), (i.FileName, i.SheetName!, i.Severity)));
        Assert.Equal("100.01", issues[0].Value);
    }

    [Fact]
    public void Zero_and_one_hundred_are_accepted_and_a_repeated_league_is_an_error_on_the_later_row()
    {
        var (scores, issues) = IndicatorSheets.ReadComplex(Sheet(IndicatorSheets.Complex,
            ["150100", "0", "100", "0", "100", "0"],
            ["150100", "90", "90", "90", "90", "90"]), ReviewParameters.Default);

        Assert.Equal(40.00m, Assert.Single(scores).Total);
        var issue = Assert.Single(issues);
        Assert.Equal((3, "盟市编码", "duplicate_code"), (issue.RowNumber!.Value, issue.Column!, issue.Code));
    }

    [Fact]
    public void General_items_are_scored_on_wage_fund_affordability_and_cpi_with_their_own_weights()
    {
        var weights = ReviewParameters.Default with { GeneralWeights = [0.5m, 0.3m, 0.2m] };

        var (scores, issues) = IndicatorSheets.ReadGeneral(Sheet(IndicatorSheets.General,
            ["150100", "80", "50", "40"],
            ["150200", "80", "50", "101"]), weights);

        // 0.5 × 80 + 0.3 × 50 + 0.2 × 40 = 40 + 15 + 8 = 63.00
        Assert.Equal([("150100", 63.00m, true)], scores.Select(s => (s.League, s.Total, s.Triggered)));
        Assert.Equal(["3:居民消费价格指数:out_of_range"], issues.Select(i => $"{i.RowNumber}:{i.Column}:{i.Code}"));
    }
}

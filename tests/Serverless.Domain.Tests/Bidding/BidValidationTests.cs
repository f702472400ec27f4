using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;
using static Serverless.Domain.Tests.Bidding.BiddingFixture;

namespace Serverless.Domain.Tests.Bidding;

/// <summary>DOMAIN.md §1 Validity of a bid and Round 2.</summary>
public sealed class BidValidationTests
{
    private static readonly string[] Basic = ["item_code", "proposed_price", "unit_cost"];

    [Fact]
    public void A_row_lists_every_rule_it_breaks()
    {
        var sheet = Sheet(Basic, ["I1", "130.005", "-1"]);

        var result = BidValidator.Validate(Catalog(), new HospitalCode("H1"), 1, "H1.xlsx", sheet, []);

        var row = Assert.Single(result.Rows);
        Assert.False(row.IsValid);
        Assert.Equal(["price_too_many_decimals", "price_outside_band", "unit_cost_not_positive"], row.Issues.Select(i => i.Code));
        Assert.All(row.Issues, i => Assert.Equal(2, i.RowNumber));
        Assert.Equal("申报价格", row.Issues[0].Column);
    }

    [Fact]
    public void Band_is_checked_at_the_hospital_tier_by_multiplying()
    {
        // I1 at tier 2: 100 × 0.7 × 0.9 = 63 ≤ price ≤ 100 × 1.3 × 0.9 = 117.
        var h2 = BidValidator.Validate(Catalog(), new HospitalCode("H2"), 1, "H2.xlsx", Sheet(Basic, ["I1", "63.00", null]), []);
        var above = BidValidator.Validate(Catalog(), new HospitalCode("H2"), 1, "H2.xlsx", Sheet(Basic, ["I1", "117.01", null]), []);

        Assert.True(h2.Rows[0].IsValid);
        Assert.Equal("price_outside_band", Assert.Single(above.Rows[0].Issues).Code);
    }

    [Fact]
    public void Twelve_point_five_hundred_is_two_decimals_by_value()
    {
        var result = BidValidator.Validate(Catalog(), new HospitalCode("H1"), 1, "H1.xlsx", Sheet(Basic, ["I3", "12.500", "3.14159"]), []);

        Assert.True(result.Rows[0].IsValid);
        Assert.Equal(12.5m, result.Accepted[0].Price.Value);
        Assert.Equal(3.14159m, result.Accepted[0].UnitCost);
    }

    [Fact]
    public void A_duplicated_item_code_rejects_all_its_rows_and_keeps_the_others()
    {
        var result = BidValidator.Validate(Catalog(), new HospitalCode("H1"), 1, "H1.xlsx",
            Sheet(Basic, ["I1", "100", null], ["I2", "50", null], ["I1", "101", null]), []);

        Assert.Equal([false, true, false], result.Rows.Select(r => r.IsValid));
        Assert.Equal(new ItemCode("I2"), Assert.Single(result.Accepted).Item);
    }

    [Fact]
    public void A_code_is_counted_as_normalized_and_a_code_outside_the_scope_given_twice_is_also_a_duplicate()
    {
        // Ｉ１ (full-width) is I1; X9 is no scope item, given twice; X8 once; a blank code counts for nothing.
        var result = BidValidator.Validate(Catalog(), new HospitalCode("H1"), 1, "H1.xlsx",
            Sheet(Basic, ["I1", "100", null], ["X9", "10", null], ["Ｉ１", "101", null], ["X9", "11", null], ["X8", "12", null], [" ", "13", null], ["I2", "50", null]), []);

        Assert.Equal(
            [["duplicate_item"], ["item_not_in_scope", "duplicate_item"], ["duplicate_item"], ["item_not_in_scope", "duplicate_item"], ["item_not_in_scope"], ["required"], []],
            result.Rows.Select(r => r.Issues.Select(i => i.Code).ToArray()));
        Assert.Equal(new ItemCode("I2"), Assert.Single(result.Accepted).Item);
    }

    [Fact]
    public void Unknown_item_and_foreign_hospital_code_reject_the_row_and_a_blank_code_is_no_claim()
    {
        var columns = new[] { "item_code", "proposed_price", "hospital_code" };
        var result = BidValidator.Validate(Catalog(), new HospitalCode("H1"), 1, "H1.xlsx",
            Sheet(columns, ["X9", "10", null], ["I1", "100", "H2"], ["I2", "50", " "], ["I3", "20", "H1"]), []);

        Assert.Equal("item_not_in_scope", result.Rows[0].Issues.Single().Code);
        Assert.Equal("hospital_mismatch", result.Rows[1].Issues.Single().Code);
        Assert.True(result.Rows[2].IsValid);
        Assert.True(result.Rows[3].IsValid);
    }

    [Fact]
    public void A_hospital_that_is_not_invited_has_its_whole_file_rejected()
    {
        var result = BidValidator.Validate(Catalog(), new HospitalCode("H4"), 1, "H4.xlsx", Sheet(Basic, ["I1", "100", null]), []);

        Assert.True(result.IsRejected);
        Assert.Equal("not_invited", result.Rejection.Single().Code);
        Assert.Empty(result.Accepted);
    }

    [Fact]
    public void Structure_problems_from_the_reader_reject_the_whole_file()
    {
        var missing = new SheetIssue("H1.xlsx", "报价", null, "申报价格", null, "missing_column", "缺少必填列 申报价格", "Required column proposed_price is missing");

        var result = BidValidator.Validate(Catalog(), new HospitalCode("H1"), 1, "H1.xlsx", null, [missing]);

        Assert.True(result.IsRejected);
        Assert.Equal("missing_column", result.Rejection.Single().Code);
    }

    [Fact]
    public void Round_one_ignores_the_withdraw_column_even_when_unreadable()
    {
        var columns = new[] { "item_code", "proposed_price", "withdraw" };
        var result = BidValidator.Validate(Catalog(), new HospitalCode("H1"), 1, "H1.xlsx", Sheet(columns, ["I1", "100", "maybe"], ["I2", "50", "是"]), []);

        Assert.All(result.Rows, r => Assert.True(r.IsValid));
        Assert.Equal(2, result.Accepted.Count);
        Assert.Empty(result.Withdrawn);
    }

    [Fact]
    public void Convenience_columns_that_differ_only_warn()
    {
        var columns = new[] { "item_code", "proposed_price", "item_name", "tier", "current_price" };
        var result = BidValidator.Validate(Catalog(), new HospitalCode("H2"), 1, "H2.xlsx", Sheet(columns, ["I1", "90", "腹腔镜", "3", "80"]), []);

        var row = result.Rows.Single();
        Assert.True(row.IsValid);
        Assert.Equal(["name_differs", "tier_differs", "current_price_differs"], row.Issues.Select(i => i.Code));
        Assert.All(row.Issues, i => Assert.Equal(IssueSeverity.Warning, i.Severity));
    }

    [Fact]
    public void A_hospital_name_differing_from_the_scope_warns_like_the_item_name_and_the_row_counts()
    {
        var columns = new[] { "item_code", "proposed_price", "hospital_name", "item_name" };
        var result = BidValidator.Validate(Catalog(), new HospitalCode("H1"), 1, "H1.xlsx",
            Sheet(columns, ["I1", "100", "第一人民医院", "腹腔镜手术"], ["I2", "50", " 第一医院 ", null], ["I3", "20", " ", null]), []);

        var warning = Assert.Single(result.Rows[0].Issues);
        Assert.Equal("hospital_name_mismatch", warning.Code);
        Assert.Equal(IssueSeverity.Warning, warning.Severity);
        Assert.Equal("机构名称", warning.Column);
        Assert.Equal("第一人民医院", warning.Value);
        Assert.Contains("第一医院", warning.MessageZh, StringComparison.Ordinal);
        Assert.Empty(result.Rows[1].Issues);
        Assert.Empty(result.Rows[2].Issues);
        Assert.All(result.Rows, r => Assert.True(r.IsValid));
        Assert.Equal(3, result.Accepted.Count);
    }

    [Fact]
    public void Round2_bid_cannot_raise_round1_price_or_add_an_item_and_an_unreadable_withdraw_rejects_the_row()
    {
        var catalog = Catalog();
        var roundOne = BidValidator.Validate(catalog, new HospitalCode("H1"), 1, "H1.xlsx", Sheet(Basic, ["I1", "100", "80"], ["I2", "50", null]), []);
        var firstProposals = roundOne.Accepted.ToDictionary(p => p.Item);
        var columns = new[] { "item_code", "proposed_price", "withdraw" };

        var roundTwo = BidValidator.Validate(catalog, new HospitalCode("H1"), 2, "H1.xlsx",
            Sheet(columns, ["I1", "100.01", null], ["I3", "20", "否"], ["I2", "49", "maybe"]), [], firstProposals);

        Assert.Equal("price_raised", roundTwo.Rows[0].Issues.Single().Code);
        Assert.Equal("no_round1_proposal", roundTwo.Rows[1].Issues.Single().Code);
        Assert.Equal("not_yes_no", roundTwo.Rows[2].Issues.Single().Code);
        Assert.Empty(roundTwo.Accepted);
    }

    [Fact]
    public void Round_two_replaces_lowers_withdraws_and_keeps_what_it_does_not_mention()
    {
        var catalog = Catalog();
        var h1First = BidValidator.Validate(catalog, new HospitalCode("H1"), 1, "H1.xlsx", Sheet(Basic, ["I1", "110", "80"], ["I2", "50", "40"], ["I3", "25", null]), []);
        var h2First = BidValidator.Validate(catalog, new HospitalCode("H2"), 1, "H2.xlsx", Sheet(Basic, ["I1", "90", null]), []);
        var columns = new[] { "item_code", "proposed_price", "unit_cost", "withdraw" };
        var h1Second = BidValidator.Validate(catalog, new HospitalCode("H1"), 2, "H1.xlsx",
            Sheet(columns, ["I1", "105", null, "否"], ["I2", null, null, "是"], ["I3", "26", null, null]), [], h1First.Accepted.ToDictionary(p => p.Item));

        var finals = FinalProposals.Merge([h1First, h2First], [h1Second]);

        Assert.Equal(
            ["H1/I1/105/", "H1/I3/25/", "H2/I1/90/"],
            finals.Select(p => $"{p.Hospital}/{p.Item}/{p.Price}/{p.UnitCost}"));
    }

    [Fact]
    public void A_rejected_round_two_workbook_keeps_the_round_one_proposals()
    {
        var catalog = Catalog();
        var first = BidValidator.Validate(catalog, new HospitalCode("H1"), 1, "H1.xlsx", Sheet(Basic, ["I1", "110", null]), []);
        var broken = new SheetIssue("H1.xlsx", null, null, null, null, "not_xlsx", "不是 xlsx 文件", "Not an xlsx file");
        var second = BidValidator.Validate(catalog, new HospitalCode("H1"), 2, "H1.xlsx", null, [broken], first.Accepted.ToDictionary(p => p.Item));

        var finals = FinalProposals.Merge([first], [second]);

        Assert.Equal(110m, Assert.Single(finals).Price.Value);
    }
}

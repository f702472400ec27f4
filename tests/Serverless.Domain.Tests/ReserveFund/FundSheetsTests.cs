using Serverless.Domain.ReserveFund;
using Serverless.Domain.Tabular;

namespace Serverless.Domain.Tests.ReserveFund;

/// <summary>DOMAIN.md §3: the region fund statements a collection reads; bad rows are listed and left out, good rows kept.</summary>
public sealed class FundSheetsTests
{
    private static RawSheet Sheet(params string?[][] rows)
        => new("statements.xlsx", "基金收支", FundSheets.Statements, [.. FundSheets.Statements.Columns.Select(_ => true)], [.. rows.Select((cells, i) => new RawRow(i + 2, cells))]);

    [Fact]
    public void Clean_rows_become_statements_with_rates_as_fractions()
    {
        var (statements, issues) = FundSheets.ReadStatements(Sheet(
            ["150100", "1,000,000.50", "1200000", "1300000", "100000", "2.5", "96%", "0.8"],
            ["150200", "2000000", "2400000", "2100000", "0", "3", "0.9025", "１００％"]));

        Assert.Empty(issues);
        Assert.Equal(
            new RegionStatement("150100", new Yuan(1_000_000.50m), new Yuan(1_200_000m), new Yuan(1_300_000m), new Yuan(100_000m), 2.5m, 0.96m, 0.8m),
            statements[0]);
        Assert.Equal(0.9025m, statements[1].CollectionRate);
        Assert.Equal(1m, statements[1].EnrollmentCompletion);
    }

    [Fact]
    public void A_bad_cell_is_reported_at_its_row_and_column_and_only_that_row_is_left_out()
    {
        var (statements, issues) = FundSheets.ReadStatements(Sheet(
            ["150100", "1000000", "1200000", "1300000", "100000", "2.5", "96%", "0.8"],
            ["150200", "2000000.005", "2400000", "2100000", "0", "3", "0.95", "0.9"],
            ["150300", "3000000", "3600000", "3400000", "0", "0", "151%", "90%"],
            ["150400", "4000000", "4800000", "4100000", "-1", "4", "0.99", "0.9"],
            ["150500", "5000000", "6000000", "5100000", "0", "4", null, "0.9"]));

        Assert.Equal(["150100"], statements.Select(s => s.Region));
        Assert.Equal(
            [
                "3:统筹基金收入（不含个人账户）:too_many_decimals",
                "4:在职退休比:not_positive",
                "4:征缴率:out_of_range",
                "5:累计结余:negative",
                "6:征缴率:required",
            ],
            issues.Select(i => $"{i.RowNumber}:{i.Column}:{i.Code}"));
        Assert.All(issues, i => Assert.Equal(("statements.xlsx", "基金收支"), (i.FileName, i.SheetName!)));
        Assert.Equal("2000000.005", issues[0].Value);
    }

    [Fact]
    public void A_repeated_region_is_an_error_on_the_later_row()
    {
        var (statements, issues) = FundSheets.ReadStatements(Sheet(
            ["150100", "1000000", "1200000", "1300000", "100000", "2.5", "96%", "0.8"],
            ["150200", "2000000", "2400000", "2100000", "0", "3", "0.95", "0.9"],
            ["150100", "9000000", "9000000", "9000000", "0", "3", "0.95", "0.9"]));

        Assert.Equal(["150100", "150200"], statements.Select(s => s.Region));
        Assert.Equal(1_000_000m, statements[0].RevenueExcludingPersonalAccounts.Value);
        var issue = Assert.Single(issues);
        Assert.Equal((4, "统筹区编码", "duplicate_code"), (issue.RowNumber!.Value, issue.Column!, issue.Code));
    }

    [Fact]
    public void An_unreadable_rate_names_the_column()
    {
        var (statements, issues) = FundSheets.ReadStatements(Sheet(["150100", "1000000", "1200000", "1300000", "100000", "2.5", "高", "0.8"]));

        Assert.Empty(statements);
        var issue = Assert.Single(issues);
        Assert.Equal((2, "征缴率", "not_a_fraction", "高"), (issue.RowNumber!.Value, issue.Column!, issue.Code, issue.Value!));
    }
}

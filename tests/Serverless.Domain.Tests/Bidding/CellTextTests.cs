using Serverless.Domain.Tabular;

namespace Serverless.Domain.Tests.Bidding;

/// <summary>DOMAIN.md §1 Reading workbooks: values as clerks type them.</summary>
public sealed class CellTextTests
{
    [Theory]
    [InlineData("1,234.50", "1234.50")]
    [InlineData("１２３．５", "123.5")]
    [InlineData("  42 ", "42")]
    [InlineData("１，０００", "1000")]
    [InlineData("12.500", "12.500")]
    public void Numbers_are_read_through_separators_spaces_and_full_width_digits(string text, string expected)
    {
        Assert.True(CellText.TryParseDecimal(text, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1.2.3")]
    public void Text_that_is_not_a_number_is_refused(string text) => Assert.False(CellText.TryParseDecimal(text, out _));

    [Theory]
    [InlineData("0.3", "0.3")]
    [InlineData("30%", "0.3")]
    [InlineData("30", "0.3")]
    [InlineData("３０％", "0.3")]
    [InlineData("1.5%", "0.015")]
    [InlineData("1", "0.01")]
    public void Fractions_accept_decimal_percent_and_bare_percentages(string text, string expected)
    {
        Assert.True(CellText.TryParseFraction(text, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("是", true)]
    [InlineData("否", false)]
    [InlineData("y", true)]
    [InlineData("No", false)]
    [InlineData("TRUE", true)]
    [InlineData("0", false)]
    public void Yes_no_cells_accept_the_listed_forms(string text, bool expected)
    {
        Assert.True(CellText.TryParseYesNo(text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Other_yes_no_values_are_unreadable() => Assert.False(CellText.TryParseYesNo("maybe", out _));

    [Theory]
    [InlineData("12.5", true)]
    [InlineData("12.50", true)]
    [InlineData("12.500", true)]
    [InlineData("12.5000000", true)]
    [InlineData("12.505", false)]
    [InlineData("12.5050", false)]
    [InlineData("0.001", false)]
    [InlineData("100", true)]
    public void A_price_has_at_most_two_decimals_by_value_whatever_its_stored_scale(string text, bool expected)
        => Assert.Equal(expected, CellText.HasAtMostDecimals(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), 2));
}

using System.Globalization;
using System.Text;
using Serverless.Domain.Tabular;

namespace Serverless.Domain.Tests.Bidding;

/// <summary>
/// DOMAIN.md §1 Reading workbooks: plain digit texts take a fast path in <see cref="CellText.TryParseDecimal"/>; it must
/// agree with the general rule (full-width folded, thousands separators and spaces dropped, then the invariant
/// parser) on whether a text is a number and on the exact decimal, scale included.
/// </summary>
public sealed class NumberTextEquivalenceTests
{
    private static readonly string[] Pieces =
    [
        "0", "1", "2", "5", "9", "00", "123", "１", "２", "０", "９", ".", "．", "。", ",", "，", " ", "\u3000", "\u00A0", "\t",
        "-", "+", "－", "＋", "e", "E", "e-", "%", "x", "∞",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Number_text_reads_to_the_same_decimal_as_the_general_rule(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < 20_000; n++)
        {
            var text = n % 2 == 0 ? DigitText(random) : PieceText(random);

            var read = CellText.TryParseDecimal(text, out var value);
            var expected = GeneralRule(text, out var expectedValue);

            Assert.True(read == expected, $"'{text}': read {read}, expected {expected}");
            Assert.True(decimal.GetBits(value).SequenceEqual(decimal.GetBits(expectedValue)), $"'{text}': {value} is not {expectedValue}");
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("000123.4500")]
    [InlineData("999999999999999999")]
    [InlineData("1000000000000000000")]
    [InlineData("99999999999999999.9")]
    [InlineData("0.000000000000000001")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e3")]
    [InlineData("-0")]
    [InlineData("12.500")]
    public void Edge_texts_read_as_the_general_rule_reads_them(string text)
    {
        var read = CellText.TryParseDecimal(text, out var value);

        Assert.Equal(GeneralRule(text, out var expected), read);
        Assert.Equal(decimal.GetBits(expected), decimal.GetBits(value));
    }

    private static bool GeneralRule(string text, out decimal value)
    {
        value = 0m;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var normalized = CellText.Normalize(text).Replace(",", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        return decimal.TryParse(normalized, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Digits around an optional point, 1 to 24 of them, sometimes with leading zeros, a sign or spaces.</summary>
    private static string DigitText(Random random)
    {
        var text = new StringBuilder();
        var digits = random.Next(1, 25);
        var point = random.Next(3) == 0 ? -1 : random.Next(0, digits + 1);
        for (var i = 0; i < digits; i++)
        {
            if (i == point)
            {
                text.Append('.');
            }

            text.Append((char)('0' + (i == 0 && random.Next(3) == 0 ? 0 : random.Next(10))));
        }

        if (point == digits)
        {
            text.Append('.');
        }

        return random.Next(8) switch
        {
            0 => "-" + text,
            1 => " " + text,
            2 => text + " ",
            _ => text.ToString(),
        };
    }

    private static string PieceText(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(0, 8); i > 0; i--)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }
}

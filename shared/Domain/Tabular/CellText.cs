using System.Globalization;
using System.Text;

namespace Serverless.Domain.Tabular;

/// <summary>
/// Reads the values clerks type (DOMAIN.md §1 Reading workbooks): numbers with thousands separators, spaces or
/// full-width digits; fractions written as 0.3, 30% or 30; yes/no in Chinese or English; tiers 1/2/3.
/// </summary>
public static class CellText
{
    /// <summary>Up to 18 digits always fit a <see cref="ulong"/> mantissa.</summary>
    private const int MaxPlainDigits = 18;

    /// <summary>Folds full-width forms (１２３．５, ，, ％) to ASCII and trims.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsPlainAscii(text))
        {
            return text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])) ? text.Trim() : text;
        }

        var folded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            folded.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' or '\u00A0' => ' ',
                '\u3002' => '.',
                _ => c,
            });
        }

        return folded.ToString().Trim();
    }

    private static bool IsPlainAscii(string text)
    {
        foreach (var c in text)
        {
            if (c > '\u007F' || c == '\u00A0')
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryParseDecimal(string? text, out decimal value)
    {
        if (TryParsePlainDecimal(text, out value))
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var normalized = Normalize(text).Replace(",", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        return decimal.TryParse(normalized, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Digits with an optional fraction (<c>1234.50</c>), as number cells and most typed prices come: read without
    /// the general parser, to the same value and scale it gives. Anything else (signs, separators, full-width forms,
    /// exponents, more digits than a long holds) is left to it.
    /// </summary>
    private static bool TryParsePlainDecimal(string? text, out decimal value)
    {
        value = 0m;
        if (text is null || text.Length is 0 or > MaxPlainDigits + 1)
        {
            return false;
        }

        ulong mantissa = 0;
        var point = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                mantissa = (mantissa * 10) + (uint)(c - '0');
            }
            else if (c == '.' && point < 0 && i > 0 && i < text.Length - 1)
            {
                point = i;
            }
            else
            {
                return false;
            }
        }

        if (point < 0 ? text.Length > MaxPlainDigits : text.Length > MaxPlainDigits + 1)
        {
            return false;
        }

        var scale = point < 0 ? 0 : text.Length - point - 1;
        value = new decimal((int)mantissa, (int)(mantissa >> 32), 0, isNegative: false, (byte)scale);
        return true;
    }

    /// <summary>A fraction: <c>0.3</c>, <c>30%</c> and <c>30</c> all mean 30 %; a bare number ≥ 1 is a percentage.</summary>
    public static bool TryParseFraction(string? text, out decimal fraction)
    {
        fraction = 0m;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var normalized = Normalize(text);
        var percent = normalized.EndsWith('%');
        if (!TryParseDecimal(percent ? normalized[..^1] : normalized, out var number) || number < 0)
        {
            return false;
        }

        fraction = percent || number >= 1 ? number / 100m : number;
        return true;
    }

    /// <summary>是/否, Y/N, yes/no, true/false, 1/0 (any case); anything else is unreadable.</summary>
    public static bool TryParseYesNo(string? text, out bool value)
    {
        value = false;
        if (text is null)
        {
            return false;
        }

        switch (Normalize(text).ToUpperInvariant())
        {
            case "是" or "Y" or "YES" or "TRUE" or "1":
                value = true;
                return true;
            case "否" or "N" or "NO" or "FALSE" or "0":
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether the value needs at most that many decimals: 12.500 does for 2. Its stored scale answers most values without rounding.</summary>
    public static bool HasAtMostDecimals(decimal value, int decimals) => value.Scale <= decimals || decimal.Round(value, decimals) == value;
}

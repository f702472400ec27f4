using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Spreadsheets.Reading;

/// <summary>
/// How headers are compared (DOMAIN.md §1 Reading workbooks): trimmed, case-insensitive, full-width folded to
/// half-width, and a trailing unit in brackets dropped, so 申报价格（元） matches 申报价格.
/// </summary>
public static partial class HeaderText
{
    public static string Normalize(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return string.Empty;
        }

        var folded = header.Normalize(NormalizationForm.FormKC).Trim();
        folded = TrailingUnit().Replace(folded, string.Empty).Trim();
        return folded.ToLowerInvariant();
    }

    [GeneratedRegex(@"[\(\[][^\(\)\[\]]*[\)\]]$")]
    private static partial Regex TrailingUnit();
}

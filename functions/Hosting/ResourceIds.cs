using System.Text.RegularExpressions;

namespace Serverless.Functions.Hosting;

/// <summary>The one rule for ids an official names (campaigns, runs, workbook sets): letters, digits, - and _, at most 63, starting with a letter or digit.</summary>
public static partial class ResourceIds
{
    public static bool IsValid(string? id) => id is not null && Valid().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}\z")]
    private static partial Regex Valid();
}

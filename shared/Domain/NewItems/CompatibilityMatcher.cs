namespace Serverless.Domain.NewItems;

/// <summary>
/// Proposes existing items for "charge under item X" (DOMAIN.md §2). Score: the code the hospital names 100, the same
/// name 60, one name containing the other 30, and 10 per catalogue keyword found in the proposed name or description.
/// Ranked by score, then item code.
/// </summary>
public static class CompatibilityMatcher
{
    public const int CodeScore = 100;
    public const int SameNameScore = 60;
    public const int ContainedNameScore = 30;
    public const int KeywordScore = 10;

    public static IReadOnlyList<CompatibilityCandidate> Candidates(NewItemApplication application, IEnumerable<CatalogueItem> catalogue, int maxCandidates = 5)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(catalogue);
        var name = Normalize(application.ProposedName);
        var text = name + Normalize(application.Description);
        return catalogue
            .Select(item => new CompatibilityCandidate(item, Score(item, application, name, text)))
            .Where(candidate => candidate.Score > 0)
            .OrderByDescending(candidate => candidate.Score)
            .ThenBy(candidate => candidate.Item.Code)
            .Take(maxCandidates)
            .ToList();
    }

    private static int Score(CatalogueItem item, NewItemApplication application, string name, string text)
    {
        var score = application.ClaimedExistingItem == item.Code ? CodeScore : 0;
        var itemName = Normalize(item.Name);
        if (name.Length > 0 && itemName.Length > 0)
        {
            if (name == itemName)
            {
                score += SameNameScore;
            }
            else if (name.Contains(itemName, StringComparison.Ordinal) || itemName.Contains(name, StringComparison.Ordinal))
            {
                score += ContainedNameScore;
            }
        }

        score += KeywordScore * item.Keywords.Select(Normalize).Count(keyword => keyword.Length > 0 && text.Contains(keyword, StringComparison.Ordinal));
        return score;
    }

    private static string Normalize(string? text) =>
        string.Concat((text ?? "").Normalize(System.Text.NormalizationForm.FormKC).Where(ch => !char.IsWhiteSpace(ch))).ToUpperInvariant();
}

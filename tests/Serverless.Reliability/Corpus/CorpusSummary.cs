using Serverless.Spreadsheets.Testing;

namespace Serverless.Reliability.Corpus;

/// <summary>Prints the corpus run: a line per category, then every problem, every unexpected outcome and the poison reasons.</summary>
internal static class CorpusSummary
{
    private const int MaxLines = 60;

    public static void Print(IReadOnlyList<CaseVerdict> verdicts)
    {
        Console.WriteLine();
        Console.WriteLine($"{"category",-17} {"cases",6} {"accepted",9} {"refused, clear report",22} {"poison",7} {"problems",9} {"unexpected",11}");
        foreach (var category in Enum.GetValues<HostileCategory>())
        {
            Line(category.ToString(), [.. verdicts.Where(v => v.Uploaded.Case.Category == category)]);
        }

        Line("total", verdicts);

        List("Problems by kind (a lost original, no report, an unclear report, poison)", verdicts.SelectMany(v => v.Problems)
            .GroupBy(p => p).OrderByDescending(g => g.Count()).Select(g => $"×{g.Count():N0} {g.Key}"));
        List("Problems by case", verdicts.SelectMany(v => v.Problems.Select(p => $"{v.Label}: {p}")));
        List("Unexpected outcomes, by variant (not failures: the corpus guessed otherwise)", verdicts
            .SelectMany(v => v.Notes.Select(n => (Variant: $"{v.Uploaded.Case.Category}/{v.Uploaded.Case.Kind} “{v.Uploaded.Case.Variant}”", Note: n)))
            .GroupBy(x => x.Variant)
            .Select(g => $"{g.Key} ×{g.Count()}: {string.Join("; ", g.Select(x => x.Note).Distinct().Take(3))}"));
        List("Refusal codes seen", verdicts.SelectMany(v => v.Codes).GroupBy(c => c).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}"));
    }

    private static void Line(string name, IReadOnlyList<CaseVerdict> verdicts)
    {
        if (verdicts.Count == 0)
        {
            return;
        }

        Console.WriteLine($"{name,-17} {verdicts.Count,6} {verdicts.Count(v => v.Outcome == CaseOutcome.Accepted),9} {verdicts.Count(v => v.RefusedClearly),22} " +
            $"{verdicts.Count(v => v.Outcome == CaseOutcome.Poison),7} {verdicts.Count(v => v.Problems.Count > 0),9} {verdicts.Count(v => v.Notes.Count > 0),11}");
    }

    private static void List(string title, IEnumerable<string> lines)
    {
        var all = lines.ToList();
        Console.WriteLine();
        Console.WriteLine($"{title}: {(all.Count == 0 ? "none" : all.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))}");
        foreach (var line in all.Take(MaxLines))
        {
            Console.WriteLine($"  {line}");
        }

        if (all.Count > MaxLines)
        {
            Console.WriteLine($"  … and {all.Count - MaxLines:N0} more");
        }
    }
}

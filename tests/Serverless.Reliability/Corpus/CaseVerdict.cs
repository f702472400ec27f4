namespace Serverless.Reliability.Corpus;

/// <summary>
/// One case judged: what the app made of it, the error codes it reported, what is wrong with how it was handled
/// (<see cref="Problems"/>: a lost original, no report, an unclear report, poison), and what differs from the
/// corpus's expectation without being wrong (<see cref="Notes"/>).
/// </summary>
internal sealed record CaseVerdict(UploadedCase Uploaded, CaseOutcome Outcome, IReadOnlyList<string> Codes, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
{
    public bool RefusedClearly => Outcome is CaseOutcome.RowIssues or CaseOutcome.Refused && Problems.Count == 0;

    public string Label => $"#{Uploaded.Case.Number} {Uploaded.Case.Category}/{Uploaded.Case.Kind} “{Uploaded.Case.Variant}”";
}

using Serverless.Domain.Tabular;

namespace Serverless.Domain.Bidding;

/// <summary>
/// A hospital's bid workbook for a round, judged. <see cref="Rejection"/> set means the whole file was refused
/// (not invited, bad structure) and nothing in it counts; otherwise the valid rows count and the others are listed.
/// </summary>
public sealed record BidWorkbookResult(
    HospitalCode Hospital,
    int Round,
    string FileName,
    IReadOnlyList<SheetIssue> Rejection,
    IReadOnlyList<BidRowOutcome> Rows,
    IReadOnlyList<Proposal> Accepted,
    IReadOnlyList<ItemCode> Withdrawn)
{
    public bool IsRejected => Rejection.Count > 0;

    public int ValidRowCount => Rows.Count(r => r.IsValid);

    public int RejectedRowCount => Rows.Count(r => !r.IsValid);

    public IEnumerable<SheetIssue> AllIssues => Rejection.Concat(Rows.SelectMany(r => r.Issues));
}

using Serverless.Domain.Tabular;

namespace Serverless.Domain.Monitoring;

/// <summary>
/// A league's quarterly workbook as read: its good rows and every problem (file, sheet, row, column). A workbook whose
/// 服务量 sheet could not be read is <see cref="IsRejected"/>: without volumes there is nothing to set against the prediction.
/// </summary>
public sealed record MonitoringWorkbook(
    IReadOnlyList<QuarterVolume> Volumes,
    IReadOnlyList<HospitalOperation> Operations,
    IReadOnlyList<SheetIssue> Issues,
    bool IsRejected)
{
    public int RejectedRowCount => Issues.Where(i => i.Severity == IssueSeverity.Error && i.RowNumber is not null).Select(i => (i.SheetName, i.RowNumber)).Distinct().Count();
}

using Serverless.Domain.Monitoring;
using Serverless.Domain.NewItems;
using Serverless.Domain.Reviews;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Monitoring;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Reviews;

/// <summary>The review's activities: everything with I/O, called by <see cref="ReviewOrchestration"/>.</summary>
public sealed class ReviewActivities(ReviewStore store, WorkbookReader reader, NewItemParameters limits, MonitoringStore monitoring, ScopeCache scopes,
    MonitoringParameters monitoringParameters, ILogger<ReviewActivities> logger)
{
    public const string LoadIndicators = "Reviews_LoadIndicators";
    public const string WriteReport = "Reviews_WriteReport";

    public void Register(DurableTaskRegistry registry, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddActivityFunc<ReviewStart, IndicatorScores>(LoadIndicators, (c, start) => LoadIndicatorsAsync(start, stopping))
            .AddActivityFunc<ReportWork, ReportWritten>(WriteReport, (c, work) => WriteReportAsync(work, stopping));
    }

    /// <summary>Reads the indicator workbook against the kind's sheet and scores it: the scores and every problem found.</summary>
    public static (IReadOnlyList<CompositeScore> Scores, IReadOnlyList<SheetIssue> Issues) Score(WorkbookReader reader, byte[] content, string kind, ReviewParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var stream = new MemoryStream(content);
        var fileName = $"{kind}-indicators.xlsx";
        var read = reader.ReadSheet(stream, fileName, SheetFor(kind));
        if (read.Sheet is null)
        {
            return ([], read.Issues);
        }

        var (scores, issues) = kind == ReviewKinds.Complex ? IndicatorSheets.ReadComplex(read.Sheet, parameters) : IndicatorSheets.ReadGeneral(read.Sheet, parameters);
        if (scores.Count == 0 && issues.Count == 0)
        {
            issues = [new SheetIssue(fileName, read.Sheet.SheetName, null, null, null, "empty", "没有盟市数据", "The workbook has no league/city rows.")];
        }

        return (scores, [.. read.Issues, .. issues]);
    }

    /// <summary>The year's scores; not ready while no workbook is stored, or the stored one has no readable row.</summary>
    public async Task<IndicatorScores> LoadIndicatorsAsync(ReviewStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var content = await store.IndicatorsAsync(start.Year, start.Kind, cancellationToken);
        if (content is null)
        {
            return new IndicatorScores(false, []);
        }

        var (scores, issues) = Score(reader, content, start.Kind, start.Parameters);
        if (issues.Count > 0)
        {
            // The upload endpoint refuses a workbook with problems, so this one was put there another way.
            logger.LogWarning("The {Kind} indicators of {Year} have {Count} problems; {Scored} leagues/cities are scored.", start.Kind, start.Year, issues.Count, scores.Count);
        }

        return new IndicatorScores(scores.Count > 0, scores);
    }

    /// <summary>
    /// Writes the report: the scores, the new items whose trial ends within <see cref="ReviewParameters.TrialEndingWithinDays"/>
    /// days of the review date (§4, §2), the hospitals over either 10 % market-regulated limit, and (complex review) each
    /// started monitoring's evaluation: fits of the last four quarters and the priority candidates (§6 After).
    /// </summary>
    public async Task<ReportWritten> WriteReportAsync(ReportWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (start, reviewDate, scores) = work;
        var window = start.Parameters.TrialEndingWithinDays;
        var trials = await store.TrialsEndingAsync(reviewDate, reviewDate.AddDays(window), cancellationToken);
        var overLimit = (await store.PositionsAsync(cancellationToken)).Where(p => p.ExceedsItemLimit(limits) || p.ExceedsRevenueLimit(limits)).ToList();
        var title = start.Kind == ReviewKinds.Complex ? $"{start.Year} 年度复杂型医疗服务价格动态调整评估" : $"{start.Year} 年度通用型医疗服务价格动态调整评估";
        var evaluations = start.Kind == ReviewKinds.Complex
            ? await MonitoringEndpoints.EvaluateStartedAsync(reviewDate, monitoring, scopes, monitoringParameters, cancellationToken)
            : [];
        var report = ReviewWorkbooks.Report(title, SheetFor(start.Kind), scores, start.Parameters.Trigger, reviewDate, window, trials, overLimit, limits, evaluations);
        await store.SaveReportAsync(start.Year, start.Kind, report, cancellationToken);
        return new ReportWritten($"{StorageNames.ResultsContainer}/{ReviewStore.ReportBlob(start.Year, start.Kind)}", trials.Count, overLimit.Count);
    }

    private static SheetSpec SheetFor(string kind) => kind == ReviewKinds.Complex ? IndicatorSheets.Complex : IndicatorSheets.General;
}

using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Reviews;

/// <summary>The annual reviews' functions under the Functions host: one-line adapters over the workflow code.</summary>
public sealed class ReviewFunctions(ReviewActivities activities, IServiceProvider services, TimeProvider time, DurableClientAccessor clients)
{
    [Function(ReviewOrchestration.Name)]
    public static Task<ReviewSummary> Annual([OrchestrationTrigger] TaskOrchestrationContext context)
        => ReviewOrchestration.RunAsync(context, context.GetInput<ReviewStart>()!);

    [Function(ReviewActivities.LoadIndicators)]
    public Task<IndicatorScores> LoadIndicators([ActivityTrigger] ReviewStart start, CancellationToken cancellationToken) => activities.LoadIndicatorsAsync(start, cancellationToken);

    [Function(ReviewActivities.WriteReport)]
    public Task<ReportWritten> WriteReport([ActivityTrigger] ReportWork work, CancellationToken cancellationToken) => activities.WriteReportAsync(work, cancellationToken);

    /// <summary>The complex-item review: 1 March 09:00 China time unless <c>Schedules:ComplexReviewTimer</c> says otherwise.</summary>
    [Function(TimerNames.ComplexReviewTimer)]
    public Task ComplexReviewTimer([TimerTrigger("%" + TimerNames.ComplexReviewSetting + "%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => clients.RunAsync(client, () => ReviewsModule.FireAsync(services, time.GetUtcNow(), ReviewKinds.Complex, cancellationToken));

    /// <summary>The general review, in review years: <c>Schedules:GeneralReviewTimer</c>.</summary>
    [Function(TimerNames.GeneralReviewTimer)]
    public Task GeneralReviewTimer([TimerTrigger("%" + TimerNames.GeneralReviewSetting + "%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => clients.RunAsync(client, () => ReviewsModule.FireAsync(services, time.GetUtcNow(), ReviewKinds.General, cancellationToken));
}

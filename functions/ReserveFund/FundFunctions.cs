using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Domain.ReserveFund;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.ReserveFund;

/// <summary>The reserve fund's functions under the Functions host: one-line adapters over the workflow code.</summary>
public sealed class FundFunctions(FundActivities activities, FundParameters parameters, TimeProvider time)
{
    [Function(FundCollectionOrchestration.Name)]
    public static Task<FundCollectionSummary> Collection([OrchestrationTrigger] TaskOrchestrationContext context)
        => FundCollectionOrchestration.RunAsync(context, context.GetInput<FundCollectionStart>()!);

    [Function(FundActivities.Plan)]
    public Task<CollectionPlan> Plan([ActivityTrigger] FundCollectionStart start, CancellationToken cancellationToken) => activities.PlanAsync(start, cancellationToken);

    [Function(FundActivities.PostContribution)]
    public Task<bool> PostContribution([ActivityTrigger] ContributionPosting posting, CancellationToken cancellationToken) => activities.PostContributionAsync(posting, cancellationToken);

    [Function(FundActivities.Notify)]
    public Task<int> Notify([ActivityTrigger] FundNotice notice, CancellationToken cancellationToken) => activities.NotifyAsync(notice, cancellationToken);

    [Function(FundActivities.SettleDeficits)]
    public Task<IReadOnlyList<DeficitView>> SettleDeficits([ActivityTrigger] FundCollectionStart start, CancellationToken cancellationToken) => activities.SettleAsync(start, cancellationToken);

    [Function(FundActivities.Report)]
    public Task<FundCollectionSummary> Report([ActivityTrigger] FundCollectionStart start, CancellationToken cancellationToken) => activities.ReportAsync(start, cancellationToken);

    /// <summary>The yearly collection: 10 January 09:00 China time unless <c>Schedules:FundCollectionTimer</c> says otherwise.</summary>
    [Function(TimerNames.FundCollectionTimer)]
    public Task FundCollectionTimer([TimerTrigger("%" + TimerNames.FundCollectionSetting + "%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => FundTimer.FireAsync(client, parameters, time.GetUtcNow(), cancellationToken);
}

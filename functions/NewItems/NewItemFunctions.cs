using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.NewItems;

/// <summary>The new-item application's functions under the Functions host: one-line adapters over the workflow code.</summary>
public sealed class NewItemFunctions(NewItemActivities activities, ApplicationUploadFunction uploads, DurableClientAccessor clients)
{
    [Function(NewItemOrchestration.Name)]
    public static Task<NewItemOutcome> Application([OrchestrationTrigger] TaskOrchestrationContext context)
        => NewItemOrchestration.RunAsync(context, context.GetInput<NewItemStart>()!);

    [Function(NewItemActivities.Prepare)]
    public Task<Preparation> Prepare([ActivityTrigger] NewItemStart start, CancellationToken cancellationToken) => activities.PrepareAsync(start, cancellationToken);

    [Function(NewItemActivities.OpenWait)]
    public Task<OpenedWait> OpenWait([ActivityTrigger] WaitRequest request, CancellationToken cancellationToken) => activities.OpenWaitAsync(request, cancellationToken);

    [Function(NewItemActivities.CloseWait)]
    public Task<bool> CloseWait([ActivityTrigger] WaitClosure closure, CancellationToken cancellationToken) => activities.CloseWaitActivityAsync(closure, cancellationToken);

    [Function(NewItemActivities.Remind)]
    public Task<bool> Remind([ActivityTrigger] WaitNotice notice, CancellationToken cancellationToken) => activities.RemindAsync(notice, cancellationToken);

    [Function(NewItemActivities.Escalate)]
    public Task<bool> Escalate([ActivityTrigger] WaitNotice notice, CancellationToken cancellationToken) => activities.EscalateAsync(notice, cancellationToken);

    [Function(NewItemActivities.CheckMarketLimits)]
    public Task<LimitCheck> CheckMarketLimits([ActivityTrigger] NewItemStart start, CancellationToken cancellationToken) => activities.CheckLimitsAsync(start, cancellationToken);

    [Function(NewItemActivities.StartTrial)]
    public Task<TrialView> StartTrial([ActivityTrigger] TrialWork work, CancellationToken cancellationToken) => activities.StartTrialAsync(work, cancellationToken);

    [Function(NewItemActivities.Record)]
    public Task<bool> Record([ActivityTrigger] Completion completion, CancellationToken cancellationToken) => activities.RecordActivityAsync(completion, cancellationToken);

    /// <summary>An application workbook uploaded to <c>applications/{hospital}/{name}.xlsx</c>.</summary>
    [Function(BlobTriggers.ApplicationUpload)]
    public Task ApplicationUploaded(
        [BlobTrigger(StorageNames.ApplicationsContainer + "/{name}", Connection = AppSettings.StorageConnection)] Azure.Storage.Blobs.BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => clients.RunAsync(client, () => BlobTriggers.HandleAsync(uploads, blob, cancellationToken));
}

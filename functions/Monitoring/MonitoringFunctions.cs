using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Monitoring;

/// <summary>Monitoring's functions under the Functions host: one-line adapters over the workflow code.</summary>
public sealed class MonitoringFunctions(MonitoringActivities activities, MonitoringUploadFunction uploads, DurableClientAccessor clients)
{
    [Function(MonitoringOrchestration.Name)]
    public static Task<MonitoringProgress> Quarterly([OrchestrationTrigger] TaskOrchestrationContext context)
        => MonitoringOrchestration.RunAsync(context, context.GetInput<MonitoringStart>()!);

    /// <summary>Starts the monitoring orchestration, so it takes the invocation's durable client.</summary>
    [Function(MonitoringActivities.Start)]
    public async Task<string> Start([ActivityTrigger] MonitoringRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var instanceId = string.Empty;
        await clients.RunAsync(client, async () => instanceId = await activities.StartAsync(request, cancellationToken));
        return instanceId;
    }

    [Function(MonitoringActivities.TakeUpload)]
    public Task<UploadTaken> TakeUpload([ActivityTrigger] UploadWork work, CancellationToken cancellationToken) => activities.TakeUploadAsync(work, cancellationToken);

    [Function(MonitoringActivities.SendNotices)]
    public Task<int> SendNotices([ActivityTrigger] NoticeWork work, CancellationToken cancellationToken) => activities.SendNoticesAsync(work, cancellationToken);

    /// <summary>A league's quarterly workbook uploaded to <c>monitoring/{league}/{yyyy}-Q{q}.xlsx</c>.</summary>
    [Function(BlobTriggers.MonitoringUpload)]
    public Task MonitoringUploaded(
        [BlobTrigger(StorageNames.MonitoringContainer + "/{name}", Connection = AppSettings.StorageConnection)] Azure.Storage.Blobs.BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => clients.RunAsync(client, () => BlobTriggers.HandleAsync(uploads, blob, cancellationToken));
}

using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;

namespace Serverless.Engine.Benchmarks;

/// <summary>
/// Counts the HTTP requests the Azure Storage provider sends (every attempt, retries included: the policy sits per
/// retry), across its blob, queue and table clients.
/// </summary>
internal sealed class RequestCounter : HttpPipelinePolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        return ProcessNextAsync(message, pipeline);
    }

    /// <summary>
    /// The provider's account, built from three service-client providers whose options carry this counter
    /// (the provider keeps and reuses these option objects, only adding its own settings to them).
    /// </summary>
    public StorageAccountClientProvider CreateAccount(string connectionString)
    {
        var blobs = new BlobClientOptions();
        var queues = new QueueClientOptions();
        var tables = new TableClientOptions();
        blobs.AddPolicy(this, HttpPipelinePosition.PerRetry);
        queues.AddPolicy(this, HttpPipelinePosition.PerRetry);
        tables.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(connectionString, blobs),
            StorageServiceClientProvider.ForQueue(connectionString, queues),
            StorageServiceClientProvider.ForTable(connectionString, tables));
    }
}

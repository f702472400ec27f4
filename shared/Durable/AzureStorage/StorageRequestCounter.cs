using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Durable.AzureStorage;

/// <summary>Counts storage requests (each retry too) by service host port and HTTP method: the runtime's cost.</summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Reset() => Interlocked.Exchange(ref _total, 0);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _total);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _total);
        return ProcessNextAsync(message, pipeline);
    }
}

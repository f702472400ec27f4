using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Counts the HTTP requests storage clients send (every attempt, retries included: the policy goes on per retry),
/// across blob, queue and table clients: the engine benchmark's and the demo's storage requests.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
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
}

using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Engine.Benchmarks;

/// <summary>
/// Counts the HTTP requests the Azure Storage provider sends (every attempt, retries included: LocalDurableEngine puts
/// the policy per retry), across its blob, queue and table clients.
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
}

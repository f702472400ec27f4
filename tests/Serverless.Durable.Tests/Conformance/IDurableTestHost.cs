using Serverless.Durable;
using Serverless.Durable.Storage;

namespace Serverless.Durable.Tests.Conformance;

/// <summary>A task hub under test: a client, a running worker, and a way to let time pass (fake or real).</summary>
public interface IDurableTestHost : IAsyncDisposable
{
    DurableTaskClient Client { get; }

    IDurableBackend Backend { get; }

    /// <summary>Lets the worker process everything that is due now.</summary>
    Task SettleAsync();

    /// <summary>Moves time forward (a fake clock jumps; a real one is waited for) and lets the worker catch up.</summary>
    Task AdvanceAsync(TimeSpan by);

    Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId);
}

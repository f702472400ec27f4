using Microsoft.Extensions.Time.Testing;
using Serverless.Durable;
using Serverless.Durable.InMemory;
using Serverless.Durable.Storage;
using Serverless.Durable.Tests.Conformance;
using Serverless.Durable.Worker;

namespace Serverless.Durable.Tests.InMemory;

/// <summary>The in-memory backend on a fake clock; the worker is driven by draining, so no test waits for real time.</summary>
public sealed class InMemoryTestHost : IDurableTestHost
{
    private readonly DurableTaskWorker _worker;

    public InMemoryTestHost(DurableTaskRegistry registry)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 10, 1, 0, 0, TimeSpan.Zero));
        InMemory = new InMemoryBackend(Clock);
        Client = new DurableTaskClient(InMemory, Clock);
        _worker = new DurableTaskWorker(InMemory, registry, Clock);
    }

    public FakeTimeProvider Clock { get; }

    public InMemoryBackend InMemory { get; }

    public IDurableBackend Backend => InMemory;

    public DurableTaskClient Client { get; }

    public DurableTaskWorker Worker => _worker;

    public Task SettleAsync() => _worker.DrainAsync(CancellationToken.None);

    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await SettleAsync();
    }

    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId)
    {
        await SettleAsync();
        return await Client.GetInstanceAsync(instanceId) ?? throw new InvalidOperationException($"Instance {instanceId} does not exist.");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

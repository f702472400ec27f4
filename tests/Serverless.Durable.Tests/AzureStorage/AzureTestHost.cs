using Azure.Storage.Queues;
using Serverless.Azurite;
using Serverless.Durable;
using Serverless.Durable.AzureStorage;
using Serverless.Durable.Storage;
using Serverless.Durable.Tests.Conformance;
using Serverless.Durable.Worker;

namespace Serverless.Durable.Tests.AzureStorage;

/// <summary>A task hub of its own on a shared Azurite, with a worker polling it on the real clock.</summary>
public sealed class AzureTestHost : IDurableTestHost
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly DurableTaskWorker _worker;
    private readonly QueueServiceClient _queues;
    private readonly AzureStorageBackend _backend;

    private AzureTestHost(AzuriteInstance azurite, DurableTaskRegistry registry, StorageRequestCounter? counter)
    {
        _backend = new AzureStorageBackend(new AzureStorageBackendOptions(UniqueNames.Unique("hub"))
        {
            ConnectionString = azurite.ConnectionString,
            Policies = counter is null ? [] : [counter],
        });
        _queues = new QueueServiceClient(azurite.ConnectionString);
        Client = new DurableTaskClient(_backend);
        _worker = new DurableTaskWorker(_backend, registry);
        _running = Task.Run(() => _worker.RunAsync(_stop.Token));
    }

    public DurableTaskClient Client { get; }

    public IDurableBackend Backend => _backend;

    public static async Task<AzureTestHost> StartAsync(AzuriteInstance azurite, DurableTaskRegistry registry, StorageRequestCounter? counter = null)
    {
        var host = new AzureTestHost(azurite, registry, counter);
        await host._backend.CreateIfNotExistsAsync(CancellationToken.None);
        return host;
    }

    public async Task SettleAsync()
    {
        var deadline = DateTime.UtcNow + Patience;
        var quietRounds = 0;
        while (quietRounds < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(150);
            var visible = 0;
            foreach (var name in _backend.QueueNames.Where(n => !n.EndsWith("-poison", StringComparison.Ordinal)))
            {
                visible += (await _queues.GetQueueClient(name).PeekMessagesAsync(1)).Value.Length;
            }

            quietRounds = visible == 0 && _worker.ActiveMessages == 0 ? quietRounds + 1 : 0;
        }
    }

    public async Task AdvanceAsync(TimeSpan by)
    {
        await Task.Delay(by);
        await SettleAsync();
    }

    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await Client.WaitForInstanceCompletionAsync(instanceId, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // The worker was stopped while it was creating the hub.
        }

        _stop.Dispose();
    }
}

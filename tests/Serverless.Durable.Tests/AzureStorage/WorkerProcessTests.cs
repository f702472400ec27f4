using Serverless.Azurite;
using Serverless.Durable;
using Serverless.Durable.AzureStorage;
using Serverless.Durable.History;
using Serverless.Durable.TestWorker;

namespace Serverless.Durable.Tests.AzureStorage;

/// <summary>Crash and concurrency proof: worker processes killed with SIGKILL, and two processes on one hub.</summary>
public sealed class WorkerProcessTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Orchestration_survives_ten_SIGKILLs_of_its_worker_and_returns_the_right_output()
    {
        var (backend, client, hub) = await NewHubAsync();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.LongChain, 200);
        var random = new Random(20261123);

        for (var kill = 0; kill < 10; kill++)
        {
            using var worker = await WorkerProcess.StartAsync(fixture.Azurite.ConnectionString, hub);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 1500)));
            worker.Kill();
        }

        using var survivor = await WorkerProcess.StartAsync(fixture.Azurite.ConnectionString, hub);
        using var timeout = new CancellationTokenSource(Patience);
        var result = await client.WaitForInstanceCompletionAsync(id, timeout.Token);

        Assert.True(result.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{result.RuntimeStatus}: {result.FailureDetails}");
        Assert.Equal(TestOrchestrations.LongChainOutput, result.ReadOutputAs<long>());
        AssertNoDuplicateEvents((await backend.LoadAsync(id, CancellationToken.None))!.History);
    }

    [Fact]
    public async Task Two_worker_processes_complete_fifty_orchestrations_once_each()
    {
        var (backend, client, hub) = await NewHubAsync();
        var ids = new List<string>();
        for (var seed = 0; seed < 50; seed++)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Small, seed, new StartOrchestrationOptions($"small-{seed:D2}")));
        }

        using var first = await WorkerProcess.StartAsync(fixture.Azurite.ConnectionString, hub);
        using var second = await WorkerProcess.StartAsync(fixture.Azurite.ConnectionString, hub);
        using var timeout = new CancellationTokenSource(Patience);
        for (var seed = 0; seed < 50; seed++)
        {
            var result = await client.WaitForInstanceCompletionAsync(ids[seed], timeout.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            Assert.Equal(seed + 0 + 1 + 2 + 3 + 4, result.ReadOutputAs<long>());
            AssertNoDuplicateEvents((await backend.LoadAsync(ids[seed], CancellationToken.None))!.History);
        }
    }

    private static void AssertNoDuplicateEvents(IReadOnlyList<HistoryEvent> history)
    {
        foreach (var type in new[] { HistoryEventType.TaskScheduled, HistoryEventType.TaskCompleted, HistoryEventType.ExecutionStarted, HistoryEventType.ExecutionCompleted })
        {
            var ids = history.Where(e => e.Type == type).Select(e => e.TaskId).ToList();
            Assert.Equal(ids.Distinct().Count(), ids.Count);
        }
    }

    private async Task<(AzureStorageBackend Backend, DurableTaskClient Client, string Hub)> NewHubAsync()
    {
        var hub = UniqueNames.Unique("crash");
        var backend = new AzureStorageBackend(new AzureStorageBackendOptions(hub) { ConnectionString = fixture.Azurite.ConnectionString });
        await backend.CreateIfNotExistsAsync(CancellationToken.None);
        return (backend, new DurableTaskClient(backend), hub);
    }
}

using System.Diagnostics;
using Xunit.Abstractions;
using Azure.Data.Tables;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Azurite;
using Serverless.Engine.TestWorker;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// The engine as the app runs it (LocalDurableEngine, host.json's settings) in worker processes that are SIGKILLed,
/// and two worker processes on one task hub: outputs right, no task scheduled twice, one start and one completion per
/// instance, every side effect applied once. An activity cut off by a kill runs again (at least once): its second
/// completion is in the history and the orchestrator ignores it; the keyed write makes the re-run change nothing.
/// </summary>
public sealed class EngineCrashTests(AzuriteFixture fixture, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task An_orchestration_survives_ten_SIGKILLs_of_its_worker_with_the_right_output_and_each_side_effect_once()
    {
        var hub = UniqueNames.Unique("crash");
        await using var engine = await ClientEngineAsync(hub);
        var client = engine.CreateClient(NullLogger.Instance);
        var id = await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.LongChain, 200);
        var random = new Random(20261202);
        for (var kill = 0; kill < 10; kill++)
        {
            using var worker = await WorkerProcess.StartAsync(fixture.Azurite.ConnectionString, hub);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1_000, 4_000)));
            worker.Kill();
        }

        using var survivor = await WorkerProcess.StartAsync(fixture.Azurite.ConnectionString, hub);
        using var timeout = new CancellationTokenSource(Patience);
        var result = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.True(result.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{result.RuntimeStatus}: {result.FailureDetails}");
        Assert.Equal(TestOrchestrations.LongChainOutput, result.ReadOutputAs<long>());
        var history = await engine.HistoryAsync(id);
        AssertNoDuplicateEvents(history);
        var (applied, executions) = await EffectsAsync(id);
        var completions = history.Count(e => e.Type == EventType.TaskCompleted);
        output.WriteLine($"300 activities: {executions} executions, {completions} completions in the history, {applied} side effects applied");
        Assert.Equal(300, applied);
        Assert.True(executions >= 300, $"{executions} executions for 300 activities");
    }

    [Fact]
    public async Task Two_worker_processes_complete_fifty_orchestrations_once_each()
    {
        var hub = UniqueNames.Unique("twohost");
        await using var engine = await ClientEngineAsync(hub);
        var client = engine.CreateClient(NullLogger.Instance);
        var ids = new List<string>();
        for (var seed = 0; seed < 50; seed++)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Small, seed, new Microsoft.DurableTask.StartOrchestrationOptions($"{hub}-{seed:D2}")));
        }

        using var first = await WorkerProcess.StartAsync(fixture.Azurite.ConnectionString, hub);
        using var second = await WorkerProcess.StartAsync(fixture.Azurite.ConnectionString, hub);
        using var timeout = new CancellationTokenSource(Patience);
        for (var seed = 0; seed < 50; seed++)
        {
            var result = await client.WaitForInstanceCompletionAsync(ids[seed], getInputsAndOutputs: true, timeout.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            Assert.Equal(seed + 0 + 1 + 2 + 3 + 4, result.ReadOutputAs<long>());
            AssertNoDuplicateEvents(await engine.HistoryAsync(ids[seed]));
            Assert.Equal(5, (await EffectsAsync(ids[seed])).Applied);
        }
    }

    /// <summary>An engine in this process with no worker: its dispatchers never start, so it only serves the client.</summary>
    private async Task<LocalDurableEngine> ClientEngineAsync(string hub)
    {
        var storage = StorageClients.FromConnectionString(fixture.Azurite.ConnectionString, hub);
        var settings = DurableHubSettings.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"),
            new ConfigurationBuilder().AddInMemoryCollection([new(AppSettings.TaskHub, hub)]).Build());
        return await LocalDurableEngine.StartAsync(storage, settings, NullLoggerFactory.Instance, CancellationToken.None, clientOnly: true);
    }

    private async Task<(int Applied, int Executions)> EffectsAsync(string instanceId)
    {
        var tables = new TableServiceClient(fixture.Azurite.ConnectionString);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}");
        var applied = 0;
        await foreach (var _ in tables.GetTableClient(TestOrchestrations.EffectsTable).QueryAsync<TableEntity>(filter))
        {
            applied++;
        }

        var executions = 0;
        await foreach (var _ in tables.GetTableClient(TestOrchestrations.ExecutionsTable).QueryAsync<TableEntity>(filter))
        {
            executions++;
        }

        return (applied, executions);
    }

    private static void AssertNoDuplicateEvents(IReadOnlyList<LocalDurableEngine.HistoryEntry> history)
    {
        static void Unique(IEnumerable<int> ids, string what)
        {
            var all = ids.ToList();
            Assert.True(all.Count == all.Distinct().Count(), $"a {what} appears twice");
        }

        var kinds = string.Join(", ", history.GroupBy(e => e.Type).Select(g => $"{g.Key}×{g.Count()}"));
        Assert.True(history.Count(e => e.Type == EventType.TaskScheduled) > 0, kinds);
        Unique(history.Where(e => e.Type == EventType.TaskScheduled).Select(e => e.EventId), "scheduled task");
        Assert.True(history.Where(e => e.Type == EventType.TaskScheduled).Select(e => e.EventId).ToHashSet()
            .SetEquals(history.Where(e => e.Type == EventType.TaskCompleted).Select(e => e.TaskScheduledId!.Value)), "every scheduled task completed, and nothing else did");
        Assert.True(history.Count(e => e.Type == EventType.ExecutionStarted) == 1, kinds);
        Assert.True(history.Count(e => e.Type == EventType.ExecutionCompleted) == 1, kinds);
    }

    private sealed class WorkerProcess : IDisposable
    {
        private readonly Process _process;

        private WorkerProcess(Process process) => _process = process;

        public static async Task<WorkerProcess> StartAsync(string connectionString, string taskHub)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Serverless.Engine.TestWorker.dll"));
            start.ArgumentList.Add(connectionString);
            start.ArgumentList.Add(taskHub);
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the test worker.");
            process.BeginErrorReadLine();
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null and not "worker started")
            {
            }

            if (line is null)
            {
                throw new InvalidOperationException("The test worker exited before it started.");
            }

            _ = process.StandardOutput.ReadToEndAsync();
            return new WorkerProcess(process);
        }

        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Serverless.Azurite;
using Serverless.Durable;
using Serverless.Durable.AzureStorage;
using Serverless.Durable.Worker;

// Prints the runtime's cost and speed against a fresh Azurite: storage requests per activity and throughput for a
// 100-step sequence, a 1,000-wide fan-out/fan-in, and 500 small orchestrations started at once (issue 3 targets).
await using var azurite = await AzuriteInstance.StartAsync();
var registry = new DurableTaskRegistry()
    .AddActivity<int, int>("Bench.Inc", x => x + 1)
    .AddOrchestrator<int, int>("Bench.Sequence", async (context, steps) =>
    {
        var value = 0;
        for (var i = 0; i < steps; i++)
        {
            value = await context.CallActivityAsync<int>("Bench.Inc", value);
        }

        return value;
    })
    .AddOrchestrator<int, int>("Bench.FanOut", async (context, width) =>
        (await Task.WhenAll(Enumerable.Range(0, width).Select(i => context.CallActivityAsync<int>("Bench.Inc", i)))).Sum())
    .AddOrchestrator<int, int>("Bench.Small", (context, x) => context.CallActivityAsync<int>("Bench.Inc", x));

Console.WriteLine("scenario                                activities  wall s   activities/s  requests/activity");
foreach (var inline in new[] { true, false })
{
    var path = inline ? "inline" : "queued";
    await RunAsync($"100-step sequence ({path})", 100, inline, async client => [await client.ScheduleNewOrchestrationInstanceAsync("Bench.Sequence", 100)]);
    await RunAsync($"1,000-wide fan-out/fan-in ({path})", 1000, inline, async client => [await client.ScheduleNewOrchestrationInstanceAsync("Bench.FanOut", 1000)]);
    await RunAsync($"500 small orchestrations ({path})", 500, inline, async client =>
        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => client.ScheduleNewOrchestrationInstanceAsync("Bench.Small", i))));
}

return 0;

async Task RunAsync(string scenario, int activities, bool inline, Func<DurableTaskClient, Task<string[]>> start)
{
    var counter = new StorageRequestCounter();
    var hub = UniqueNames.Unique("bench");
    var backend = new AzureStorageBackend(new AzureStorageBackendOptions(hub) { ConnectionString = azurite.ConnectionString, Policies = [counter] });
    await backend.CreateIfNotExistsAsync(CancellationToken.None);
    var client = new DurableTaskClient(new AzureStorageBackend(new AzureStorageBackendOptions(hub) { ConnectionString = azurite.ConnectionString }));
    var worker = new DurableTaskWorker(backend, registry, options: new DurableTaskWorkerOptions { MaxConcurrentActivities = 32, InlineActivities = inline });
    using var stop = new CancellationTokenSource();
    var clock = Stopwatch.StartNew();
    var ids = await start(client);
    counter.Reset();
    var running = worker.RunAsync(stop.Token);
    foreach (var id in ids)
    {
        var done = await client.WaitForInstanceCompletionAsync(id);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{scenario}: {id} ended {done.RuntimeStatus}: {done.FailureDetails}");
        }
    }

    clock.Stop();
    await stop.CancelAsync();
    await running;

    // Only the worker's requests are counted (its empty polls included); the client's starts and status polls are not.
    var requests = counter.Total;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{scenario,-39} {activities,10}  {clock.Elapsed.TotalSeconds,6:F2}  {activities / clock.Elapsed.TotalSeconds,12:F0}  {(double)requests / activities,17:F2}"));
}

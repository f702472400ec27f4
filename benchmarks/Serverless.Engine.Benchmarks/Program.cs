// Serverless.Engine.Benchmarks: what host.json's Durable settings buy over the Durable Functions defaults.
//
// The engine is the app's: the Durable Task Framework's Azure Storage provider served by the SDK's gRPC sidecar to a
// Microsoft.DurableTask worker and client, here on a private in-memory Azurite. Three workloads run twice each, once
// with OUR settings (host.json, extensions:durableTask) and once with the Durable Functions DEFAULTS, each run on its
// own fresh task hub, engine and worker:
//   1. a 100-step sequence (one orchestration calling a trivial activity 100 times in a row),
//   2. a 1,000-wide fan-out/fan-in (one orchestration, 1,000 activities, Task.WhenAll),
//   3. 500 small orchestrations started together, each calling 3 activities in a row.
// For each: wall seconds from the start of scheduling to the last completion, activities per second, and the storage
// requests the provider sent in that window (counted by an Azure.Core pipeline policy on its blob, queue and table
// clients). Before the clock starts, each run completes one 1-step warm-up orchestration so the partitions are leased
// and the worker is connected: the figures are a warm engine's, not its start-up.
//
// An extra fourth row starts one 1-activity orchestration after the warm engine sat idle for a minute: there the
// queue polling interval, not throughput, decides, and its request count shows what idle polling costs.
// Each run stops at --limit seconds (150 by default) and the scenarios at 9.5 minutes; --quick shrinks the sizes and
// --only N runs just scenario N.
//
// Then the default demo campaign (12 leagues/cities x 80 hospitals x 300 items, the `demo` command with its own
// in-memory Azurite) runs twice, with our settings and with the defaults: its wall time from start to results, the
// storage requests the app and the engine sent, and each phase's time, side by side. --only 5 runs just the demo;
// --no-demo leaves it out; --quick runs a 3 x 20 x 50 one.
//
//   dotnet run -c Release --project benchmarks/Serverless.Engine.Benchmarks [-- --quick] [--only N] [--no-demo] [--limit SECONDS]
using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Azurite;
using Serverless.Engine.Benchmarks;
using Serverless.Functions.Demo;
using Serverless.Functions.Hosting;

var quick = args.Contains("--quick");
var only = args.SkipWhile(arg => arg != "--only").Skip(1).Select(arg => int.Parse(arg, CultureInfo.InvariantCulture)).FirstOrDefault();
var limitSeconds = args.SkipWhile(arg => arg != "--limit").Skip(1).Select(arg => double.Parse(arg, CultureInfo.InvariantCulture)).FirstOrDefault(quick ? 60 : 150);
var idle = TimeSpan.FromSeconds(quick ? 20 : 60);
Scenario[] scenarios = quick
    ? [new("10-step sequence", Workload.Sequence, 1, 10), new("100-wide fan-out/fan-in", Workload.FanOut, 1, 100), new("50 orchestrations x 3", Workload.Sequence, 50, 3)]
    : [new("100-step sequence", Workload.Sequence, 1, 100), new("1,000-wide fan-out/fan-in", Workload.FanOut, 1, 1000), new("500 orchestrations x 3", Workload.Sequence, 500, 3)];
// Extra: one activity after the engine sat idle, where the polling interval (not throughput) decides.
scenarios = [.. scenarios, new($"1 activity after {idle.TotalSeconds:0} s idle", Workload.Sequence, 1, 1, idle)];
var demoNumber = scenarios.Length + 1;
var runDemo = !args.Contains("--no-demo") && (only == 0 || only == demoNumber);
scenarios = only == demoNumber ? [] : only is >= 1 && only <= scenarios.Length ? [scenarios[only - 1]] : scenarios;

// The whole program stays within about ten minutes: a run not done by its limit, or by the deadline, is reported as such.
var limit = TimeSpan.FromSeconds(limitSeconds);
using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(9.5));

var root = AzuriteInstance.FindRepositoryRoot();
var ours = DurableHubSettings.FromHostJson(Path.Combine(root, "host.json"), new ConfigurationBuilder().Build());
var defaults = DefaultSettings();

Console.WriteLine($"Machine: {Environment.ProcessorCount} processors, {Environment.OSVersion}, .NET {Environment.Version}; storage: in-memory Azurite (local)");
Console.WriteLine($"ours    (host.json): {Describe(ours)}");
Console.WriteLine($"default (Functions): {Describe(defaults)}");
Console.WriteLine();

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error));
await using var azurite = await AzuriteInstance.StartAsync(dataFolder: null);
var results = new List<(Scenario Scenario, RunResult Ours, RunResult Default)>();
var hubNumber = 0;
foreach (var scenario in scenarios)
{
    var ourRun = await RunAsync(scenario, ours, limit);
    var defaultRun = await RunAsync(scenario, defaults, limit);
    results.Add((scenario, ourRun, defaultRun));
}

if (results.Count > 0)
{
    PrintTable(results);
}

if (runDemo)
{
    var size = quick ? new DemoOptions(Leagues: 3, Hospitals: 20, Items: 50) : new DemoOptions();
    Console.Error.WriteLine($"  running the demo campaign {size.Leagues} x {size.Hospitals} x {size.Items} (ours) ...");
    var ourDemo = await DemoCommand.RunAsync(size, new LocalHostTuning(Copy(ours, "demoours")), TextWriter.Null);
    Console.Error.WriteLine("  running the demo campaign (default) ...");
    var defaultDemo = await DemoCommand.RunAsync(size, new LocalHostTuning(Copy(defaults, "demodefault")), TextWriter.Null);
    PrintDemo(size, ourDemo, defaultDemo);
}

return 0;

async Task<RunResult> RunAsync(Scenario scenario, DurableHubSettings template, TimeSpan limit)
{
    var hub = Copy(template, $"bench{++hubNumber}x{Guid.NewGuid():N}"[..24]);
    Console.Error.WriteLine($"  running {scenario.Name} on {hub.HubName} ({(ReferenceEquals(template, ours) ? "ours" : "default")}) ...");
    var counter = new StorageRequestCounter();
    var storage = StorageClients.FromConnectionString(azurite.ConnectionString, hub.HubName);
    await using var engine = await LocalDurableEngine.StartAsync(storage, hub, loggerFactory, CancellationToken.None, storagePolicies: [counter]);

    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Services.AddDurableTaskWorker(worker =>
    {
        worker.AddTasks(Workload.Register);
        worker.UseGrpc(engine.Channel);
        worker.Configure(options =>
        {
            options.DataConverter = Workflows.Converter;
            options.Concurrency.MaximumConcurrentActivityWorkItems = hub.MaxConcurrentActivityFunctions;
            options.Concurrency.MaximumConcurrentOrchestrationWorkItems = hub.MaxConcurrentOrchestratorFunctions;
        });
    });
    builder.Services.AddDurableTaskClient(client =>
    {
        client.UseGrpc(engine.Channel);
        client.Configure(options => options.DataConverter = Workflows.Converter);
    });
    using var host = builder.Build();
    await host.StartAsync();
    try
    {
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        return await MeasureAsync(client, counter, scenario, limit);
    }
    finally
    {
        await host.StopAsync();
        // The provider itself too, so a finished run stops polling the Azurite the next runs share.
        await engine.Service.StopAsync(isForced: true);
    }
}

async Task<RunResult> MeasureAsync(DurableTaskClient client, StorageRequestCounter counter, Scenario scenario, TimeSpan limit)
{
    // A run ends at its own limit or at the program's deadline, whichever comes first.
    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
    timeout.CancelAfter(limit);
    var warmUp = Stopwatch.StartNew();
    var requestsBefore = counter.Count;
    var clock = Stopwatch.StartNew();
    string[] ids = [];
    try
    {
        var warm = await client.ScheduleNewOrchestrationInstanceAsync(Workload.Sequence, 1, timeout.Token);
        await client.WaitForInstanceCompletionAsync(warm, timeout.Token);
        warmUp.Stop();

        // Requests count from here: for the idle scenario that includes the idle polling.
        requestsBefore = counter.Count;
        await Task.Delay(scenario.IdleBefore, timeout.Token);
        var started = DateTimeOffset.UtcNow;
        clock.Restart();
        ids = await Task.WhenAll(Enumerable.Range(0, scenario.Instances)
            .Select(_ => client.ScheduleNewOrchestrationInstanceAsync(scenario.Orchestrator, scenario.Input, timeout.Token)));
        var lastCompletion = started;

        // One at a time: by the time the first is done most others are too, so waiting costs few status reads.
        foreach (var id in ids)
        {
            var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, timeout.Token);
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{scenario.Name}: instance {id} ended {done.RuntimeStatus}.");
            }

            lastCompletion = done.LastUpdatedAt > lastCompletion ? done.LastUpdatedAt : lastCompletion;
        }

        // The provider's own completion time (the instance's last update) is the wall end: the wait itself only
        // notices completion on its 2-second status poll.
        return new RunResult(scenario, lastCompletion - started, counter.Count - requestsBefore, ids.Length, warmUp.Elapsed, TimedOut: false);
    }
    catch (OperationCanceledException) when (timeout.IsCancellationRequested)
    {
        var elapsed = clock.Elapsed;
        var requests = counter.Count - requestsBefore;
        return new RunResult(scenario, elapsed, requests, await CountCompletedAsync(client, ids), warmUp.Elapsed, TimedOut: true);
    }
}

static async Task<int> CountCompletedAsync(DurableTaskClient client, string[] ids)
{
    var completed = 0;
    foreach (var id in ids)
    {
        if (await client.GetInstanceAsync(id) is { RuntimeStatus: OrchestrationRuntimeStatus.Completed })
        {
            completed++;
        }
    }

    return completed;
}

static DurableHubSettings DefaultSettings()
{
    // The Durable Functions defaults for the Azure Storage provider (what host.json gets with nothing set).
    var perProcessors = 10 * Environment.ProcessorCount;
    return new DurableHubSettings
    {
        StorageProvider = new DurableHubSettings.ProviderSettings
        {
            PartitionCount = 4,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(30),
            ControlQueueBatchSize = 32,
            ControlQueueVisibilityTimeout = TimeSpan.FromMinutes(5),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromMinutes(5),
            UseTablePartitionManagement = true,
        },
        ExtendedSessionsEnabled = false,
        ExtendedSessionIdleTimeoutInSeconds = 30,
        MaxConcurrentActivityFunctions = perProcessors,
        MaxConcurrentOrchestratorFunctions = perProcessors,
    };
}

static DurableHubSettings Copy(DurableHubSettings from, string hubName) => new()
{
    HubName = hubName,
    StorageProvider = new DurableHubSettings.ProviderSettings
    {
        PartitionCount = from.StorageProvider.PartitionCount,
        MaxQueuePollingInterval = from.StorageProvider.MaxQueuePollingInterval,
        ControlQueueBatchSize = from.StorageProvider.ControlQueueBatchSize,
        ControlQueueVisibilityTimeout = from.StorageProvider.ControlQueueVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = from.StorageProvider.WorkItemQueueVisibilityTimeout,
        UseTablePartitionManagement = from.StorageProvider.UseTablePartitionManagement,
    },
    ExtendedSessionsEnabled = from.ExtendedSessionsEnabled,
    ExtendedSessionIdleTimeoutInSeconds = from.ExtendedSessionIdleTimeoutInSeconds,
    MaxConcurrentActivityFunctions = from.MaxConcurrentActivityFunctions,
    MaxConcurrentOrchestratorFunctions = from.MaxConcurrentOrchestratorFunctions,
};

static string Describe(DurableHubSettings hub) => string.Create(CultureInfo.InvariantCulture,
    $"partitions {hub.StorageProvider.PartitionCount}, max polling {hub.StorageProvider.MaxQueuePollingInterval.TotalSeconds:0} s, " +
    $"control batch {hub.StorageProvider.ControlQueueBatchSize}, {(hub.StorageProvider.UseTablePartitionManagement ? "table" : "blob-lease")} partition manager, extended sessions {(hub.ExtendedSessionsEnabled ? "on" : "off")}, " +
    $"max activities/orchestrators {hub.MaxConcurrentActivityFunctions}/{hub.MaxConcurrentOrchestratorFunctions}");

static void PrintTable(List<(Scenario Scenario, RunResult Ours, RunResult Default)> results)
{
    const string Row = "{0,-26} {1,6} | {2,8} {3,8} {4,9} | {5,8} {6,8} {7,9} | {8,15}";
    var header = string.Format(CultureInfo.InvariantCulture, Row, "scenario", "acts", "wall s", "acts/s", "requests", "wall s", "acts/s", "requests", "ours vs default");
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-33} | {1,-27} | {2,-27} |", "", "OURS (host.json)", "DEFAULT (Functions)"));
    Console.WriteLine(header);
    Console.WriteLine(new string('-', header.Length));
    foreach (var (scenario, ours, defaults) in results)
    {
        // Speed-up of wall time: default's wall over ours (above 1: ours is faster).
        var ratio = ours.TimedOut || ours.Wall <= TimeSpan.Zero ? "n/a"
            : string.Create(CultureInfo.InvariantCulture, $"{(defaults.TimedOut ? "> " : "")}{defaults.Wall / ours.Wall:0.00}x");
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Row, scenario.Name, scenario.Activities.ToString("N0", CultureInfo.InvariantCulture),
            ours.WallText, ours.RateText, ours.Requests.ToString("N0", CultureInfo.InvariantCulture),
            defaults.WallText, defaults.RateText, defaults.Requests.ToString("N0", CultureInfo.InvariantCulture), ratio));
    }

    Console.WriteLine();
    Console.WriteLine("wall s: start of scheduling to the last instance's completion time recorded by the provider; requests: storage");
    Console.WriteLine("HTTP requests (blob+queue+table, incl. idle polling, lease renewals and the client's status reads) in that window;");
    Console.WriteLine("ours vs default: default wall / ours wall (above 1.00x ours is faster). The idle row's wall is the pickup latency");
    Console.WriteLine("after the idle wait; its requests include the idle window (what polling costs while nothing happens).");
    var timedOut = results.SelectMany(r => new[] { r.Ours, r.Default }).Where(r => r.TimedOut).ToList();
    foreach (var run in timedOut)
    {
        Console.WriteLine($"'>' = stopped at its time limit with {run.Completed}/{run.Scenario.Instances} instances done ({run.Scenario.Name}).");
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"warm-up (1-step orchestration before the clock): ours {Average(results.Select(r => r.Ours.WarmUp)):0.0} s, default {Average(results.Select(r => r.Default.WarmUp)):0.0} s on average."));
}

static void PrintDemo(DemoOptions size, DemoRun ours, DemoRun defaults)
{
    const string Row = "{0,-34} | {1,14} | {2,14} | {3,15}";
    Console.WriteLine();
    Console.WriteLine($"Demo campaign {size.Leagues} x {size.Hospitals} x {size.Items} (round windows {size.WindowSeconds} s), start to results:");
    var header = string.Format(CultureInfo.InvariantCulture, Row, "", "OURS (host.json)", "DEFAULT", "ours vs default");
    Console.WriteLine(header);
    Console.WriteLine(new string('-', header.Length));
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Row, "wall s", ours.Wall.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
        defaults.Wall.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), $"{defaults.Wall / ours.Wall:0.00}x"));
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Row, "storage requests (app + engine)", ours.StorageRequests.ToString("N0", CultureInfo.InvariantCulture),
        defaults.StorageRequests.ToString("N0", CultureInfo.InvariantCulture), $"{(double)defaults.StorageRequests / ours.StorageRequests:0.00}x"));
    foreach (var phase in ours.Phases.Select(p => p.Phase).Where(p => p != "Completed"))
    {
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Row, $"  {phase} s", Lasted(ours, phase), Lasted(defaults, phase), ""));
    }

    static string Lasted(DemoRun run, string phase)
    {
        var at = run.Phases.ToList().FindIndex(p => p.Phase == phase);
        return at < 0 || at + 1 >= run.Phases.Count ? "-" : (run.Phases[at + 1].Seen - run.Phases[at].Seen).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
    }
}

static double Average(IEnumerable<TimeSpan> spans) => spans.Average(span => span.TotalSeconds);

internal sealed record Scenario(string Name, string Orchestrator, int Instances, int Input, TimeSpan IdleBefore = default)
{
    public int Activities => Instances * Input;
}

internal sealed record RunResult(Scenario Scenario, TimeSpan Wall, long Requests, int Completed, TimeSpan WarmUp, bool TimedOut)
{
    public string WallText => (TimedOut ? "> " : "") + Wall.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    public string RateText => TimedOut ? "-" : (Scenario.Activities / Wall.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
}

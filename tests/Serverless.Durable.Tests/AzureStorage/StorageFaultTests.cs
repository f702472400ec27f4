using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Serverless.Azurite;
using Serverless.Durable;
using Serverless.Durable.AzureStorage;
using Serverless.Durable.History;
using Serverless.Durable.Worker;
using Xunit.Abstractions;

namespace Serverless.Durable.Tests.AzureStorage;

/// <summary>
/// Issue 10: storage requests of the worker and of the client that starts the workflows fail (timeouts, 5xx,
/// throttling, lost responses), and every workflow still finishes with the right output and a history in which
/// every message is applied once. Activities are at least once, so re-runs are counted, not forbidden.
/// </summary>
public sealed class StorageFaultTests(AzuriteFixture fixture, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const string Workflow = "Faults.SequenceThenFanOut";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Activities run inline (the default) or each through the work-item queue. Through the queues every batch of
    /// messages waits for its slowest request's retries, so a lighter load keeps that case in seconds.
    /// </summary>
    [Theory]
    [InlineData(true, 20, 50)]
    [InlineData(false, 3, 20)]
    public async Task Ten_workflows_finish_right_when_one_storage_request_in_ten_fails(bool inlineActivities, int sequenceLength, int fanOutWidth)
    {
        var workerFaults = new FaultInjectionPolicy(0.10, seed: 20261210);
        var clientFaults = new FaultInjectionPolicy(0.10, seed: 10);
        var workflows = Enumerable.Range(0, 10).Select(seed => new WorkflowPlan(seed, sequenceLength, fanOutWidth)).ToList();

        await RunAndCheckAsync(workflows, workerFaults, clientFaults, inlineActivities);

        foreach (var kind in Enum.GetValues<StorageFault>())
        {
            output.WriteLine($"  {kind,-13} worker {workerFaults.InjectedCount(kind),4}  client {clientFaults.InjectedCount(kind),2}");
        }

        output.WriteLine($"  {"injected",-13} worker {workerFaults.TotalInjected,4}  client {clientFaults.TotalInjected,2}");
        Assert.All(Enum.GetValues<StorageFault>(), kind => Assert.True(workerFaults.InjectedCount(kind) + clientFaults.InjectedCount(kind) > 0, $"No {kind} was injected."));
    }

    /// <summary>
    /// The nastiest fault made regular, on one workflow so the pattern is fixed: the start's commit, then every second
    /// step's, lands but the caller sees a failure, so the SDK's retry conflicts with the write it already made.
    /// </summary>
    [Fact]
    public async Task A_workflow_finishes_when_every_second_commit_lands_but_its_response_is_lost()
    {
        var lost = new LoseEverySecondTransactionResponse();
        WorkflowPlan[] workflows = [new(Seed: 7, SequenceLength: 6, FanOutWidth: 5)];

        await RunAndCheckAsync(workflows, lost, lost, inlineActivities: true);

        output.WriteLine($"  {lost.Count} commit responses lost");
        // Half of at least eight commits: the start, the first step and one step per result of the sequence.
        Assert.True(lost.Count >= 4, $"Only {lost.Count} commit responses were lost.");
    }

    /// <summary>Starts the workflows through a faulty client, runs them on a faulty worker, and checks them through a clean one.</summary>
    private async Task RunAndCheckAsync(IReadOnlyList<WorkflowPlan> workflows, HttpPipelinePolicy workerFaults, HttpPipelinePolicy clientFaults, bool inlineActivities)
    {
        var hub = UniqueNames.Unique("faults");
        var observer = Backend(hub);
        await observer.CreateIfNotExistsAsync(CancellationToken.None);
        var requests = new StorageRequestCounter();
        var runs = new ConcurrentDictionary<(string InstanceId, int TaskId), int>();
        // A lost receive response hides its messages until the visibility timeout: short ones keep the test in seconds.
        var worker = new DurableTaskWorker(Backend(hub, requests, workerFaults), Register(runs), options: new DurableTaskWorkerOptions
        {
            MessageVisibility = TimeSpan.FromSeconds(5),
            WorkItemVisibility = TimeSpan.FromSeconds(5),
            InlineActivities = inlineActivities,
            InlineTimeBudget = TimeSpan.FromSeconds(2),
        });
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var running = Task.Run(() => worker.RunAsync(stop.Token));

        var client = new DurableTaskClient(Backend(hub, requests, clientFaults));
        var ids = new List<string>();
        foreach (var workflow in workflows)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(Workflow, workflow, new StartOrchestrationOptions($"faults-{workflow.Seed:D2}")));
        }

        var observing = new DurableTaskClient(observer);
        using var timeout = new CancellationTokenSource(Patience);
        var results = await Task.WhenAll(ids.Select(id => WaitOrReadAsync(observing, id, timeout.Token)));
        clock.Stop();
        await StopAsync(stop, running);

        var executions = runs.Values.Sum();
        output.WriteLine($"{workflows.Count} workflows, inline activities {(inlineActivities ? "on" : "off")}: {clock.Elapsed.TotalSeconds:F1} s, {requests.Total} storage requests (retries included)");
        output.WriteLine($"  {executions} activity executions for {runs.Count} activities ({executions - runs.Count} re-runs)");
        for (var i = 0; i < workflows.Count; i++)
        {
            var result = results[i];
            var record = (await observer.LoadAsync(ids[i], CancellationToken.None))!;
            Assert.True(
                result.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
                $"{result.InstanceId}: {result.RuntimeStatus} {result.FailureDetails} at step {record.State.StepCount} with {record.PendingOutbox.Count} messages unsent");
            Assert.Equal(workflows[i].ExpectedOutput, result.ReadOutputAs<long>());
            AssertAppliedOnce(record.History, workflows[i]);
        }

        Assert.Equal(workflows.Sum(w => w.SequenceLength + w.FanOutWidth), runs.Count);
        var poison = new QueueClient(fixture.Azurite.ConnectionString, observer.QueueNames.Single(n => n.EndsWith("-poison", StringComparison.Ordinal)));
        Assert.Empty((await poison.PeekMessagesAsync(1)).Value);
    }

    private static DurableTaskRegistry Register(ConcurrentDictionary<(string InstanceId, int TaskId), int> runs)
    {
        Task<long> Run(TaskActivityContext context, long result)
        {
            runs.AddOrUpdate((context.InstanceId, context.TaskId), 1, (_, count) => count + 1);
            return Task.FromResult(result);
        }

        return new DurableTaskRegistry()
            .AddActivity<long[], long>("Faults.Add", (context, pair) => Run(context, pair[0] + pair[1]))
            .AddActivity<long, long>("Faults.Square", (context, x) => Run(context, x * x))
            .AddOrchestrator<WorkflowPlan, long>(Workflow, async (context, plan) =>
            {
                var total = plan.Seed;
                for (long i = 1; i <= plan.SequenceLength; i++)
                {
                    total = await context.CallActivityAsync<long>("Faults.Add", new[] { total, i });
                }

                var squares = await Task.WhenAll(Enumerable.Range(1, plan.FanOutWidth).Select(i => context.CallActivityAsync<long>("Faults.Square", (long)i)));
                return total + squares.Sum();
            });
    }

    /// <summary>Every message is applied once (its id appears once) and every task is scheduled and completed once.</summary>
    private static void AssertAppliedOnce(IReadOnlyList<HistoryEvent> history, WorkflowPlan workflow)
    {
        var messageIds = history.Where(e => e.MessageId is not null).Select(e => e.MessageId).ToList();
        Assert.Equal(messageIds.Distinct().Count(), messageIds.Count);
        foreach (var type in new[] { HistoryEventType.TaskScheduled, HistoryEventType.TaskCompleted })
        {
            var taskIds = history.Where(e => e.Type == type).Select(e => e.TaskId).ToList();
            Assert.Equal(workflow.SequenceLength + workflow.FanOutWidth, taskIds.Count);
            Assert.Equal(taskIds.Count, taskIds.Distinct().Count());
        }

        Assert.Single(history, e => e.Type == HistoryEventType.ExecutionStarted);
        Assert.Single(history, e => e.Type == HistoryEventType.ExecutionCompleted);
    }

    /// <summary>The finished instance, or as it stands when patience runs out (so a stuck one is named with its status).</summary>
    private static async Task<OrchestrationMetadata> WaitOrReadAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.WaitForInstanceCompletionAsync(instanceId, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return (await client.GetInstanceAsync(instanceId))!;
        }
    }

    private AzureStorageBackend Backend(string hub, params HttpPipelinePolicy[] policies)
        => new(new AzureStorageBackendOptions(hub) { ConnectionString = fixture.Azurite.ConnectionString, Policies = policies });

    private static async Task StopAsync(CancellationTokenSource stop, Task running)
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopped while creating the hub.
        }
    }

    /// <summary>A seed added to 1 + 2 + … + n by a sequence of activities, then 1² + 2² + … + m² from a fan-out.</summary>
    private sealed record WorkflowPlan(long Seed, int SequenceLength, int FanOutWidth)
    {
        public long ExpectedOutput => Seed + (SequenceLength * (SequenceLength + 1L) / 2) + (FanOutWidth * (FanOutWidth + 1L) * ((2L * FanOutWidth) + 1) / 6);
    }

    /// <summary>
    /// Lets every table transaction (a workflow's start, a step's commit) reach storage, and drops the connection after
    /// every second one's first attempt, the first included: the SDK retries a write that already happened.
    /// </summary>
    private sealed class LoseEverySecondTransactionResponse : HttpPipelinePolicy
    {
        private const string Attempted = "faults.attempted";
        private long _transactions;
        private long _lost;

        public long Count => Interlocked.Read(ref _lost);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            LoseEverySecond(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            LoseEverySecond(message);
        }

        private void LoseEverySecond(HttpMessage message)
        {
            if (!message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal) || message.TryGetProperty(Attempted, out _))
            {
                return;
            }

            message.SetProperty(Attempted, true);
            if (Interlocked.Increment(ref _transactions) % 2 == 0)
            {
                return;
            }

            Interlocked.Increment(ref _lost);
            throw new IOException("The connection was reset after the transaction was sent (injected).");
        }
    }
}

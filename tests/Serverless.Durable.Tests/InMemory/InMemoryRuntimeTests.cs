using Serverless.Durable;
using Serverless.Durable.Messaging;
using Serverless.Durable.Storage;

namespace Serverless.Durable.Tests.InMemory;

/// <summary>Runtime behaviours that need control of the clock or of message delivery.</summary>
public sealed class InMemoryRuntimeTests
{
    [Fact]
    public async Task Timer_longer_than_the_queue_limit_is_re_armed_and_fires_on_time()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<int, DateTime>("TrialPeriod", async (context, _) =>
            {
                await context.CreateTimer(context.CurrentUtcDateTime.AddDays(20), CancellationToken.None);
                return context.CurrentUtcDateTime;
            });
        await using var host = new InMemoryTestHost(registry);
        var start = host.Clock.GetUtcNow();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("TrialPeriod", 0);
        await host.SettleAsync();
        await host.AdvanceAsync(TimeSpan.FromDays(7));
        await host.AdvanceAsync(TimeSpan.FromDays(7));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);
        await host.AdvanceAsync(TimeSpan.FromDays(6) + TimeSpan.FromMinutes(1));
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.True(result.ReadOutputAs<DateTime>() >= start.UtcDateTime.AddDays(20));
    }

    [Fact]
    public async Task Duplicate_completion_message_is_applied_once()
    {
        var calls = 0;
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Count", x => Interlocked.Increment(ref calls) + x)
            .AddOrchestrator<int, int>("Twice", async (context, _) =>
            {
                var first = await context.CallActivityAsync<int>("Count", 0);
                var second = await context.CallActivityAsync<int>("Count", 100);
                return first + second;
            });
        await using var host = new InMemoryTestHost(registry);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Twice", 0);
        await host.SettleAsync();

        var record = await host.Backend.LoadAsync(id, CancellationToken.None);
        var executionId = record!.State.ExecutionId;
        var duplicate = new WorkMessage($"{id}|{executionId}|a|0|done", WorkMessageKind.TaskCompleted, id) { ExecutionId = executionId, TaskId = 0, Payload = "999" };
        await host.Backend.SendAsync(new OutboxMessage(duplicate), CancellationToken.None);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(1 + 102, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Message_dequeued_too_often_goes_to_poison_and_fails_the_instance()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<int, int>("Stuck", (context, _) => context.WaitForExternalEvent<int>("Go"));
        await using var host = new InMemoryTestHost(registry);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Stuck", 0);
        await host.SettleAsync();
        await host.Client.RaiseEventAsync(id, "Go", 1);

        var partition = ControlQueuePartitioner.PartitionOf(id, host.Backend.ControlQueueCount);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var taken = await host.Backend.ReceiveControlAsync(partition, 1, TimeSpan.FromSeconds(1), CancellationToken.None);
            Assert.Single(taken);
            host.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        var result = await host.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("PoisonMessage", result.FailureDetails!.ErrorType);
        Assert.Equal(1, host.InMemory.PoisonCount);
    }

    [Fact]
    public async Task Instance_scheduled_for_later_stays_pending_until_its_start_time()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<int, int>("Later", (context, x) => Task.FromResult(x));
        await using var host = new InMemoryTestHost(registry);
        var startAt = host.Clock.GetUtcNow().AddHours(3);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Later", 9, new StartOrchestrationOptions(StartAt: startAt));
        await host.SettleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);
        await host.AdvanceAsync(TimeSpan.FromHours(3));

        Assert.Equal(9, (await host.WaitForCompletionAsync(id)).ReadOutputAs<int>());
    }

    [Fact]
    public async Task Lost_status_index_is_rebuilt_from_the_instances()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<int, int>("Quick", (context, x) => Task.FromResult(x));
        await using var host = new InMemoryTestHost(registry);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", 1);
        await host.SettleAsync();

        host.InMemory.DropIndex();
        Assert.Empty((await host.Client.QueryInstancesAsync(new InstanceQuery())).Instances);
        await host.Backend.RebuildIndexAsync(CancellationToken.None);

        var found = Assert.Single((await host.Client.QueryInstancesAsync(new InstanceQuery([OrchestrationRuntimeStatus.Completed]))).Instances);
        Assert.Equal(id, found.InstanceId);
    }

    [Fact]
    public async Task Concurrent_workers_on_one_hub_commit_each_step_once()
    {
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Inc", x => x + 1)
            .AddOrchestrator<int, int>("Steps", async (context, _) =>
            {
                var value = 0;
                for (var i = 0; i < 10; i++)
                {
                    value = await context.CallActivityAsync<int>("Inc", value);
                }

                return value;
            });
        await using var host = new InMemoryTestHost(registry);
        var second = new Worker.DurableTaskWorker(host.Backend, registry, host.Clock);
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Steps", 0));
        }

        await Task.WhenAll(Task.Run(() => host.Worker.DrainAsync(CancellationToken.None)), Task.Run(() => second.DrainAsync(CancellationToken.None)));
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        await host.SettleAsync();

        foreach (var id in ids)
        {
            var record = await host.Backend.LoadAsync(id, CancellationToken.None);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, record!.State.Status);
            Assert.Equal("10", record.State.Output);
            var completions = record.History.Where(e => e.Type == History.HistoryEventType.TaskCompleted).Select(e => e.TaskId).ToList();
            Assert.Equal(completions.Distinct().Count(), completions.Count);
        }
    }
}

using Serverless.Durable.History;
using Serverless.Durable.Messaging;
using Serverless.Durable.Storage;
using Serverless.Durable.Worker;

namespace Serverless.Durable.Tests.InMemory;

/// <summary>
/// The campaign's shape under contention: events (each raised three times, as three hosts' upload scanners do) each
/// start an activity, completions are collected with Task.WhenAny, and three workers with in-place activities race
/// on the one instance. Nothing may be lost: the orchestration must see every item once.
/// </summary>
public sealed class ConcurrentWorkersTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Three_workers_racing_on_one_instance_lose_no_activity(bool inline)
    {
        const int items = 60;
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Work", async (_, n) =>
            {
                await Task.Delay(Random.Shared.Next(0, 15));
                return n * 2;
            })
            .AddOrchestrator<int, int>("Collector", async (context, count) =>
            {
                var seen = new HashSet<int>();
                var pending = new List<Task<int>>();
                var total = 0;
                var done = 0;
                var next = context.WaitForExternalEvent<int>("Item");
                while (done < count)
                {
                    var winner = await Task.WhenAny([next, .. pending]);
                    if (winner == next)
                    {
                        var item = await next;
                        next = context.WaitForExternalEvent<int>("Item");
                        if (seen.Add(item))
                        {
                            pending.Add(context.CallActivityAsync<int>("Work", item));
                        }

                        continue;
                    }

                    var finished = (Task<int>)winner;
                    pending.Remove(finished);
                    total += await finished;
                    done++;
                }

                return total;
            });
        await using var host = new InMemoryTestHost(registry);
        var options = new DurableTaskWorkerOptions { InlineActivities = inline };
        var workers = Enumerable.Range(0, 3).Select(_ => new DurableTaskWorker(host.Backend, registry, host.Clock, options)).ToList();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Collector", items);
        using var stop = new CancellationTokenSource();
        var running = workers.Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (await w.DrainAsync(CancellationToken.None) == 0)
                {
                    await Task.Delay(5);
                }
            }
        })).ToList();

        await Parallel.ForEachAsync(Enumerable.Range(1, items), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (item, ct) =>
        {
            for (var copy = 0; copy < 3; copy++)
            {
                await host.Client.RaiseEventAsync(id, "Item", item, ct);
            }
        });

        var deadline = DateTime.UtcNow.AddSeconds(30);
        OrchestrationMetadata? state = null;
        while (DateTime.UtcNow < deadline && (state = await host.Client.GetInstanceAsync(id))!.IsRunning)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(31));
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await Task.WhenAll(running);
        var record = await host.Backend.LoadAsync(id, CancellationToken.None);
        var open = record!.History.Where(e => e.Type == HistoryEventType.TaskScheduled).Select(e => e.TaskId)
            .Except(record.History.Where(e => e.Type == HistoryEventType.TaskCompleted).Select(e => e.TaskId)).ToList();
        Assert.True(state!.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{state.RuntimeStatus} {state.FailureDetails?.ErrorMessage}; open tasks: {string.Join(",", open)}");
        Assert.Equal(items * (items + 1), state.ReadOutputAs<int>());
    }

    /// <summary>
    /// Host B loads the instance and re-sends its unsent outbox; before B acknowledges it, host C applies another
    /// event and is killed before sending that step's activity. B's acknowledgement then fails on the moved ETag, and
    /// the outbox B reloads is C's, still unsent: B must send it before committing its own step over it, or C's
    /// activity is lost and the instance waits for ever (what stalled the chaos run with in-place activities).
    /// </summary>
    [Fact]
    public async Task An_outbox_left_unsent_while_another_host_acknowledges_an_older_one_is_still_sent()
    {
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Double", (_, n) => Task.FromResult(n * 2))
            .AddOrchestrator<int, int>("ThreeItems", async (context, _) =>
            {
                var work = new List<Task<int>>();
                for (var i = 0; i < 3; i++)
                {
                    work.Add(context.CallActivityAsync<int>("Double", await context.WaitForExternalEvent<int>("Item")));
                }

                return (await Task.WhenAll(work)).Sum();
            });
        await using var host = new InMemoryTestHost(registry);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("ThreeItems", 0);
        await host.SettleAsync();
        var partition = ControlQueuePartitioner.PartitionOf(id, host.Backend.ControlQueueCount);
        var visibility = new DurableTaskWorkerOptions().MessageVisibility;
        async Task<IReadOnlyList<ReceivedMessage>> Raise(int item)
        {
            await host.Client.RaiseEventAsync(id, "Item", item);
            return await host.Backend.ReceiveControlAsync(partition, 10, visibility, CancellationToken.None);
        }

        static bool Doubling(OutboxMessage sent, string item) => sent.Message.IsActivity && sent.Message.Payload == item;
        var queued = new DurableTaskWorkerOptions { InlineActivities = false };
        var backendA = new ScriptedBackend(host.Backend) { DiesOnSend = m => Doubling(m, "1") };
        var backendC = new ScriptedBackend(host.Backend) { DiesOnSend = m => Doubling(m, "3") };
        var hostA = new DurableTaskWorker(backendA, registry, host.Clock, queued);
        var hostC = new DurableTaskWorker(backendC, registry, host.Clock, queued);
        var backendB = new ScriptedBackend(host.Backend);
        var hostB = new DurableTaskWorker(backendB, registry, host.Clock, queued);

        // A applies item 1 and dies before sending Double(1): the outbox stays pending in storage.
        await hostA.ProcessControlMessagesAsync(await Raise(1), CancellationToken.None);
        Assert.Equal(1, backendA.Deaths);

        // B takes item 2, loads, re-sends Double(1); meanwhile C takes item 3, sends Double(1) too, acknowledges it,
        // commits its own step and dies before sending Double(3).
        var second = await Raise(2);
        backendB.BeforeNextMarkOutboxSent = async () => await hostC.ProcessControlMessagesAsync(await Raise(3), CancellationToken.None);
        await hostB.ProcessControlMessagesAsync(second, CancellationToken.None);
        Assert.Equal(1, backendC.Deaths);

        // The items A and C never deleted come back; any host finishes the instance.
        await host.AdvanceAsync(visibility + TimeSpan.FromSeconds(1));
        var state = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(2 + 4 + 6, state.ReadOutputAs<int>());
    }
}

using Serverless.Durable.History;
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
}

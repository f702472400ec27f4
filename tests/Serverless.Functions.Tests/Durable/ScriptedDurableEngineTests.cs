using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using OrchestrationAlreadyExistsException = DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;

namespace Serverless.Functions.Tests.Durable;

public sealed class ScriptedDurableEngineTests
{
    static readonly DateTimeOffset Start = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    public sealed record Greeting(string City, int Order);

    public sealed record Approval(string By, bool Approved);

    public sealed record Progress(int Step, string State);

    static (ScriptedDurableEngine Engine, DurableTaskClient Client, FakeTimeProvider Time) Create(Action<DurableTaskRegistry> register)
    {
        DurableTaskRegistry registry = new();
        register(registry);
        FakeTimeProvider time = new(Start);
        ScriptedDurableEngine engine = new(registry, time);
        return (engine, engine.Client, time);
    }

    static async Task<OrchestrationMetadata> GetAsync(DurableTaskClient client, string id, bool io = true)
        => await client.GetInstanceAsync(id, io) ?? throw new InvalidOperationException($"instance {id} not found");

    [Fact]
    public async Task Activity_sequence_passes_outputs_through_json()
    {
        var (engine, client, _) = Create(r =>
        {
            r.AddActivityFunc<Greeting, string>("SayHello", (_, g) => $"{g.Order}:Hello {g.City}");
            r.AddOrchestratorFunc<string[], List<string>>("Greet", async (ctx, cities) =>
            {
                List<string> results = [];
                for (int i = 0; i < cities.Length; i++)
                {
                    results.Add(await ctx.CallActivityAsync<string>("SayHello", new Greeting(cities[i], i + 1)));
                }

                return results;
            });
        });

        string id = await client.ScheduleNewOrchestrationInstanceAsync("Greet", new[] { "Tokyo", "Seattle", "London" });
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await GetAsync(client, id)).RuntimeStatus); // client calls do not run anything
        Assert.Empty(engine.ActivityCalls);

        await engine.SettleAsync();

        OrchestrationMetadata done = await GetAsync(client, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["1:Hello Tokyo", "2:Hello Seattle", "3:Hello London"], done.ReadOutputAs<List<string>>());
        Assert.Equal("[\"Tokyo\",\"Seattle\",\"London\"]", done.SerializedInput);
        Assert.Equal(["SayHello", "SayHello", "SayHello"], engine.ActivityCalls);
    }

    [Fact]
    public async Task Fan_out_fan_in_over_50_pool_activities_stays_on_the_engine_pump()
    {
        var (engine, client, _) = Create(r =>
        {
            r.AddActivityFunc<int, int>("Double", async (_, i) =>
            {
                await Task.Delay(1);
                return i * 2;
            });
            r.AddOrchestratorFunc<int, string>("FanOut", async (ctx, count) =>
            {
                SynchronizationContext? pump = SynchronizationContext.Current;
                int[] results = await Task.WhenAll(Enumerable.Range(1, count).Select(i => ctx.CallActivityAsync<int>("Double", i)));
                bool samePump = pump is not null && ReferenceEquals(pump, SynchronizationContext.Current);
                return $"{results.Sum()}|{samePump}|{string.Join(",", results.Take(3))}";
            });
        });

        string id = await client.ScheduleNewOrchestrationInstanceAsync("FanOut", 50);
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"{50 * 51}|True|2,4,6", done.ReadOutputAs<string>());
        Assert.Equal(50, engine.ActivityCalls.Count);
    }

    [Fact]
    public async Task Two_year_timer_fires_only_when_the_clock_reaches_it()
    {
        var (engine, client, time) = Create(r => r.AddOrchestratorFunc<object?, DateTime>("LongWait", async (ctx, _) =>
        {
            await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddYears(2), CancellationToken.None);
            return ctx.CurrentUtcDateTime;
        }));
        DateTimeOffset due = Start.AddYears(2);

        string id = await client.ScheduleNewOrchestrationInstanceAsync("LongWait");
        await engine.SettleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await GetAsync(client, id)).RuntimeStatus);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.WaitForInstanceCompletionAsync(id));

        await engine.AdvanceToAsync(due.AddDays(-1));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await GetAsync(client, id)).RuntimeStatus);
        Assert.Equal(due.AddDays(-1), time.GetUtcNow());

        // Jump past the timer: it fires with the clock set to its own fire time, then the clock goes on.
        await engine.AdvanceToAsync(due.AddMonths(1));
        OrchestrationMetadata done = await GetAsync(client, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(due.UtcDateTime, done.ReadOutputAs<DateTime>());
        Assert.Equal(due.AddMonths(1), time.GetUtcNow());
    }

    [Fact]
    public async Task Scheduled_start_waits_for_the_fake_clock()
    {
        var (engine, client, _) = Create(r => r.AddOrchestratorFunc<object?, DateTime>("Stamp", (ctx, _) => ctx.CurrentUtcDateTime));

        string id = await client.ScheduleNewOrchestrationInstanceAsync("Stamp", null, new StartOrchestrationOptions { StartAt = Start.AddDays(1) });
        await engine.SettleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await GetAsync(client, id)).RuntimeStatus);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.WaitForInstanceStartAsync(id));

        await engine.AdvanceToAsync(Start.AddDays(2));
        Assert.Equal(Start.AddDays(1).UtcDateTime, (await GetAsync(client, id)).ReadOutputAs<DateTime>());
    }

    [Fact]
    public async Task Event_raised_before_the_wait_is_buffered()
    {
        var (engine, client, _) = Create(r =>
        {
            r.AddActivityFunc<string, string>("Prepare", (_, s) => s.ToUpperInvariant());
            r.AddOrchestratorFunc<string, string>("Approve", async (ctx, doc) =>
            {
                string prepared = await ctx.CallActivityAsync<string>("Prepare", doc);
                Approval approval = await ctx.WaitForExternalEvent<Approval>("Approval");
                return $"{prepared} by {approval.By} ({approval.Approved})";
            });
        });

        string id = await client.ScheduleNewOrchestrationInstanceAsync("Approve", "doc");
        await client.RaiseEventAsync(id, "Approval", new Approval("ana", true)); // arrives while the activity runs
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);

        Assert.Equal("DOC by ana (True)", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Two_waiters_for_one_event_are_served_newest_first()
    {
        var (engine, client, _) = Create(r => r.AddOrchestratorFunc<object?, string>("TwoWaiters", async (ctx, _) =>
        {
            Task<string> older = ctx.WaitForExternalEvent<string>("go");
            Task<string> newer = ctx.WaitForExternalEvent<string>("go");
            Task<string> first = await Task.WhenAny(older, newer);
            ctx.SetCustomStatus(first == newer ? "newer first" : "older first");
            return $"older={await older}, newer={await newer}";
        }));

        string id = await client.ScheduleNewOrchestrationInstanceAsync("TwoWaiters");
        await engine.SettleAsync();
        await client.RaiseEventAsync(id, "go", "A");
        await engine.SettleAsync();
        Assert.Equal("newer first", (await GetAsync(client, id)).ReadCustomStatusAs<string>());

        await client.RaiseEventAsync(id, "go", "B");
        await engine.SettleAsync();
        Assert.Equal("older=B, newer=A", (await GetAsync(client, id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Cancelled_waiter_stays_on_the_stack_and_swallows_the_next_event()
    {
        // Pins SDK 1.28: cancellation only cancels the task; the waiter is still on top of the stack, so the next
        // event is handed to it, TrySetResult fails and the event is lost.
        var (engine, client, _) = Create(r => r.AddOrchestratorFunc<object?, string>("Swallow", async (ctx, _) =>
        {
            Task<string> older = ctx.WaitForExternalEvent<string>("go");
            using CancellationTokenSource cts = new();
            Task<string> newer = ctx.WaitForExternalEvent<string>("go", cts.Token);
            cts.Cancel();
            try
            {
                await newer;
            }
            catch (OperationCanceledException)
            {
                ctx.SetCustomStatus("newer cancelled");
            }

            return await older;
        }));

        string id = await client.ScheduleNewOrchestrationInstanceAsync("Swallow");
        await engine.SettleAsync();
        Assert.Equal("newer cancelled", (await GetAsync(client, id)).ReadCustomStatusAs<string>());

        await client.RaiseEventAsync(id, "go", "lost");
        await engine.SettleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await GetAsync(client, id)).RuntimeStatus);

        await client.RaiseEventAsync(id, "go", "kept");
        await engine.SettleAsync();
        OrchestrationMetadata done = await GetAsync(client, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("kept", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WhenAny_between_an_event_and_a_deadline_timer()
    {
        var (engine, client, _) = Create(r => r.AddOrchestratorFunc<object?, string>("Deadline", async (ctx, _) =>
        {
            using CancellationTokenSource cts = new();
            Task deadline = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddDays(3), cts.Token);
            Task<Approval> approval = ctx.WaitForExternalEvent<Approval>("Approval");
            if (await Task.WhenAny(approval, deadline) == approval)
            {
                cts.Cancel();
                return (await approval).Approved ? "approved" : "rejected";
            }

            return "timed out";
        }));

        string answered = await client.ScheduleNewOrchestrationInstanceAsync("Deadline");
        string ignored = await client.ScheduleNewOrchestrationInstanceAsync("Deadline");
        await engine.AdvanceToAsync(Start.AddDays(1));
        await client.RaiseEventAsync(answered, "Approval", new Approval("bo", true));
        await engine.SettleAsync();
        Assert.Equal("approved", (await GetAsync(client, answered)).ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await GetAsync(client, ignored)).RuntimeStatus);

        await engine.AdvanceToAsync(Start.AddDays(3).AddTicks(-1));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await GetAsync(client, ignored)).RuntimeStatus);
        await engine.AdvanceToAsync(Start.AddDays(3));
        Assert.Equal("timed out", (await GetAsync(client, ignored)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Custom_status_round_trips_only_with_getInputsAndOutputs()
    {
        var (engine, client, _) = Create(r => r.AddOrchestratorFunc<object?, string>("Status", async (ctx, _) =>
        {
            ctx.SetCustomStatus(new Progress(3, "waiting"));
            return await ctx.WaitForExternalEvent<string>("done");
        }));

        string id = await client.ScheduleNewOrchestrationInstanceAsync("Status");
        await engine.SettleAsync();

        OrchestrationMetadata withoutFlag = await GetAsync(client, id, io: false);
        Assert.Null(withoutFlag.SerializedCustomStatus);
        Assert.Null(withoutFlag.ReadCustomStatusAs<Progress>()); // same quiet null as the real gRPC client

        OrchestrationMetadata withFlag = await GetAsync(client, id, io: true);
        Assert.Equal(new Progress(3, "waiting"), withFlag.ReadCustomStatusAs<Progress>());
    }

    [Fact]
    public async Task Retry_policy_with_three_attempts_succeeds_on_the_third_using_durable_timers()
    {
        int attempts = 0;
        var (engine, client, _) = Create(r =>
        {
            r.AddActivityFunc<string, string>("Flaky", (_, s) =>
                Interlocked.Increment(ref attempts) < 3 ? throw new InvalidOperationException("transient") : $"{s} ok");
            r.AddOrchestratorFunc<object?, string>("Retrying", async (ctx, _) =>
            {
                RetryPolicy policy = new(3, TimeSpan.FromMinutes(1), backoffCoefficient: 2)
                {
                    HandleFailure = failure => failure.IsCausedBy<InvalidOperationException>(),
                };
                string result = await ctx.CallActivityAsync<string>("Flaky", "call", TaskOptions.FromRetryPolicy(policy));
                return $"{result} at {ctx.CurrentUtcDateTime:HH:mm}";
            });
        });

        string id = await client.ScheduleNewOrchestrationInstanceAsync("Retrying");
        await engine.SettleAsync();
        Assert.Equal(1, attempts); // waiting 1 minute (durable timer) before attempt 2

        await engine.AdvanceToAsync(Start.AddSeconds(59));
        Assert.Equal(1, attempts);
        await engine.AdvanceToAsync(Start.AddMinutes(1));
        Assert.Equal(2, attempts); // now waiting 2 minutes (backoff 2)

        await engine.AdvanceToAsync(Start.AddMinutes(3));
        OrchestrationMetadata done = await GetAsync(client, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("call ok at 09:03", done.ReadOutputAs<string>());
        Assert.Equal(["Flaky", "Flaky", "Flaky"], engine.ActivityCalls);
    }

    [Fact]
    public async Task Failing_activity_without_retry_surfaces_as_TaskFailedException()
    {
        var (engine, client, _) = Create(r =>
        {
            r.AddActivityFunc<string, string>("Broken", (_, s) => s.Length > 0 ? throw new InvalidOperationException("boom") : s);
            r.AddOrchestratorFunc<object?, string>("Catching", async (ctx, _) =>
            {
                try
                {
                    return await ctx.CallActivityAsync<string>("Broken", "x");
                }
                catch (TaskFailedException e)
                {
                    return $"{e.TaskName}|{e.FailureDetails.ErrorType}|{e.FailureDetails.ErrorMessage}|{e.FailureDetails.IsCausedBy<InvalidOperationException>()}";
                }
            });
            r.AddOrchestratorFunc<object?, string>("NotCatching", (ctx, _) => ctx.CallActivityAsync<string>("Broken", "x"));
        });

        string caught = await client.ScheduleNewOrchestrationInstanceAsync("Catching");
        string failed = await client.ScheduleNewOrchestrationInstanceAsync("NotCatching");
        await engine.SettleAsync();

        Assert.Equal("Broken|System.InvalidOperationException|boom|True", (await GetAsync(client, caught)).ReadOutputAs<string>());
        OrchestrationMetadata failure = await GetAsync(client, failed);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failure.RuntimeStatus);
        Assert.Equal(typeof(TaskFailedException).FullName, failure.FailureDetails?.ErrorType);
        Assert.Equal("System.InvalidOperationException", failure.FailureDetails?.InnerFailure?.ErrorType);
        Assert.Equal(["Broken", "Broken"], engine.ActivityCalls);
    }

    [Fact]
    public async Task ContinueAsNew_restarts_with_new_input()
    {
        var (engine, client, _) = Create(r => r.AddOrchestratorFunc<int, int>("Countdown", async (ctx, n) =>
        {
            if (n >= 3)
            {
                return n;
            }

            await ctx.CreateTimer(TimeSpan.FromDays(1), CancellationToken.None);
            ctx.ContinueAsNew(n + 1);
            return -1;
        }));

        string id = await client.ScheduleNewOrchestrationInstanceAsync("Countdown", 0);
        await engine.AdvanceToAsync(Start.AddDays(2));
        OrchestrationMetadata running = await GetAsync(client, id);
        Assert.Equal(OrchestrationRuntimeStatus.Running, running.RuntimeStatus);
        Assert.Equal(2, running.ReadInputAs<int>());

        await engine.AdvanceToAsync(Start.AddDays(3));
        Assert.Equal(3, (await GetAsync(client, id)).ReadOutputAs<int>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ContinueAsNew_carries_buffered_events_only_when_asked(bool preserve)
    {
        var (engine, client, _) = Create(r => r.AddOrchestratorFunc<int, string>("Generations", async (ctx, generation) =>
        {
            if (generation == 0)
            {
                await ctx.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
                ctx.ContinueAsNew(1, preserve);
                return "";
            }

            return await ctx.WaitForExternalEvent<string>("ping");
        }));

        string id = await client.ScheduleNewOrchestrationInstanceAsync("Generations", 0);
        await engine.SettleAsync();
        await client.RaiseEventAsync(id, "ping", "pong"); // buffered by generation 0
        await engine.AdvanceToAsync(Start.AddHours(1));

        OrchestrationMetadata state = await GetAsync(client, id);
        if (preserve)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
            Assert.Equal("pong", state.ReadOutputAs<string>());
        }
        else
        {
            Assert.Equal(OrchestrationRuntimeStatus.Running, state.RuntimeStatus);
            Assert.Equal(1, state.ReadInputAs<int>());
        }
    }

    [Fact]
    public async Task Dedupe_statuses_refuse_an_existing_id_and_no_dedupe_replaces_it()
    {
        var (engine, client, _) = Create(r => r.AddOrchestratorFunc<string, string>("Wait", (ctx, s) => ctx.WaitForExternalEvent<string>("go")));
        StartOrchestrationOptions options = new() { InstanceId = "order-1", DedupeStatuses = ["Running", "Completed"] };

        await client.ScheduleNewOrchestrationInstanceAsync("Wait", "first", options);
        await engine.SettleAsync();

        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => client.ScheduleNewOrchestrationInstanceAsync("Wait", "second", options));
        Assert.IsAssignableFrom<InvalidOperationException>(refused);
        Assert.Contains("Running", refused.Message);
        await Assert.ThrowsAsync<ArgumentException>(
            () => client.ScheduleNewOrchestrationInstanceAsync("Wait", "bad", options with { DedupeStatuses = ["Nope"] }));

        // Without DedupeStatuses the instance is replaced (Azure Storage provider behaviour).
        await client.ScheduleNewOrchestrationInstanceAsync("Wait", "third", new StartOrchestrationOptions { InstanceId = "order-1" });
        await engine.SettleAsync();
        OrchestrationMetadata replaced = await GetAsync(client, "order-1");
        Assert.Equal(OrchestrationRuntimeStatus.Running, replaced.RuntimeStatus);
        Assert.Equal("third", replaced.ReadInputAs<string>());
    }

    [Fact]
    public async Task Suspended_instance_holds_events_and_timers_until_resumed()
    {
        var (engine, client, _) = Create(r => r.AddOrchestratorFunc<object?, string>("Suspendable", async (ctx, _) =>
        {
            string value = await ctx.WaitForExternalEvent<string>("go");
            await ctx.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
            return value;
        }));

        string id = await client.ScheduleNewOrchestrationInstanceAsync("Suspendable");
        await engine.SettleAsync();
        await client.SuspendInstanceAsync(id, "maintenance");
        await client.RaiseEventAsync(id, "go", "v");
        await engine.SettleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await GetAsync(client, id)).RuntimeStatus);

        await client.ResumeInstanceAsync(id);
        await engine.SettleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await GetAsync(client, id)).RuntimeStatus);

        await client.SuspendInstanceAsync(id);
        await engine.AdvanceToAsync(Start.AddHours(2)); // the timer fires while suspended: held
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await GetAsync(client, id)).RuntimeStatus);

        await client.ResumeInstanceAsync(id);
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        Assert.Equal("v", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Query_by_prefix_status_and_pages()
    {
        var (engine, client, _) = Create(r =>
        {
            r.AddOrchestratorFunc<string, string>("Echo", (_, s) => s);
            r.AddOrchestratorFunc<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        });
        foreach (string id in new[] { "invoice-1", "invoice-2", "invoice-3" })
        {
            await client.ScheduleNewOrchestrationInstanceAsync("Echo", id, new StartOrchestrationOptions { InstanceId = id });
        }

        await client.ScheduleNewOrchestrationInstanceAsync("Wait", "w", new StartOrchestrationOptions { InstanceId = "invoice-9" });
        await client.ScheduleNewOrchestrationInstanceAsync("Echo", "o", new StartOrchestrationOptions { InstanceId = "order-1" });
        await engine.SettleAsync();

        List<OrchestrationMetadata> found = [];
        await foreach (OrchestrationMetadata m in client.GetAllInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = "invoice-",
            Statuses = [OrchestrationRuntimeStatus.Completed],
            PageSize = 2,
        }))
        {
            found.Add(m);
        }

        Assert.Equal(["invoice-1", "invoice-2", "invoice-3"], found.Select(m => m.InstanceId));
        Assert.All(found, m => Assert.Null(m.SerializedOutput)); // FetchInputsAndOutputs was false

        int pages = 0;
        await foreach (Page<OrchestrationMetadata> page in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "invoice-", FetchInputsAndOutputs = true }).AsPages(pageSizeHint: 3))
        {
            pages++;
            Assert.All(page.Values, m => Assert.NotNull(m.SerializedInput));
        }

        Assert.Equal(2, pages); // 4 invoices, 3 per page

        PurgeResult purged = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter());
        Assert.Equal(4, purged.PurgedInstanceCount); // the running invoice-9 is not purged
        Assert.NotNull(await client.GetInstanceAsync("invoice-9"));
        Assert.Null(await client.GetInstanceAsync("order-1"));
    }

    [Fact]
    public async Task Sub_orchestration_with_explicit_instance_id()
    {
        var (engine, client, _) = Create(r =>
        {
            r.AddOrchestratorFunc<int, int>("Child", (ctx, n) => ctx.Parent is null ? -1 : n * 10);
            r.AddOrchestratorFunc<int, int>("Parent", (ctx, n) =>
                ctx.CallSubOrchestratorAsync<int>("Child", n, new SubOrchestrationOptions { InstanceId = $"{ctx.InstanceId}-child" }));
        });

        string id = await client.ScheduleNewOrchestrationInstanceAsync("Parent", 4, new StartOrchestrationOptions { InstanceId = "p" });
        await engine.SettleAsync();

        Assert.Equal(40, (await GetAsync(client, id)).ReadOutputAs<int>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await GetAsync(client, "p-child")).RuntimeStatus);
    }
}

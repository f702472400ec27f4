using Serverless.Durable;
using Serverless.Durable.Storage;

namespace Serverless.Durable.Tests.Conformance;

/// <summary>
/// One test per behaviour the runtime promises (issue 3), run against every backend by subclassing.
/// Timers are a few seconds long so a real-clock backend runs them too.
/// </summary>
public abstract class ConformanceTests
{
    private static readonly TimeSpan ShortTimer = TimeSpan.FromSeconds(2);

    protected abstract Task<IDurableTestHost> StartAsync(DurableTaskRegistry registry);

    [Fact]
    public async Task Sequential_activities_pass_each_result_to_the_next()
    {
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Double", x => x * 2)
            .AddOrchestrator<int, int>("Chain", async (context, seed) =>
            {
                var value = seed;
                for (var i = 0; i < 5; i++)
                {
                    value = await context.CallActivityAsync<int>("Double", value);
                }

                return value;
            });
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Chain", 3);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(96, result.ReadOutputAs<int>());
        Assert.Equal(3, result.ReadInputAs<int>());
    }

    [Fact]
    public async Task Fan_out_and_fan_in_collects_every_result_in_call_order()
    {
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Square", x => x * x)
            .AddOrchestrator<int, int[]>("FanOut", async (context, width) =>
                await Task.WhenAll(Enumerable.Range(1, width).Select(i => context.CallActivityAsync<int>("Square", i))));
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 60);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(Enumerable.Range(1, 60).Select(i => i * i), result.ReadOutputAs<int[]>());
    }

    [Fact]
    public async Task Activity_failure_reaches_the_orchestrator_with_task_name_type_and_message()
    {
        var registry = new DurableTaskRegistry()
            .AddActivity<string, string>("Explode", input => throw new FormatException($"bad cell {input}"))
            .AddOrchestrator<string, string>("Catcher", async (context, _) =>
            {
                try
                {
                    await context.CallActivityAsync<string>("Explode", "B7");
                    return "no failure";
                }
                catch (TaskFailedException failure)
                {
                    return $"{failure.TaskName}|{failure.FailureDetails.ErrorType}|{failure.FailureDetails.ErrorMessage}";
                }
            });
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Catcher", "x");
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal("Explode|System.FormatException|bad cell B7", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Unhandled_activity_failure_fails_the_instance_with_details()
    {
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Divide", x => 10 / x)
            .AddOrchestrator<int, int>("Divider", (context, x) => context.CallActivityAsync<int>("Divide", x));
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Divider", 0);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("Divide", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.True(result.FailureDetails.IsCausedBy<DivideByZeroException>());
    }

    [Fact]
    public async Task Retry_policy_retries_a_failing_activity_until_it_succeeds()
    {
        var calls = 0;
        var retry = new RetryPolicy(MaxNumberOfAttempts: 4, FirstRetryInterval: TimeSpan.FromSeconds(1));
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Flaky", x => Interlocked.Increment(ref calls) < 3 ? throw new TimeoutException("busy") : x + 1)
            .AddOrchestrator<int, int>("Retrier", (context, x) => context.CallActivityAsync<int>("Flaky", x, TaskOptions.FromRetryPolicy(retry)));
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Retrier", 41);
        await host.SettleAsync();
        await host.AdvanceAsync(TimeSpan.FromSeconds(1.5));
        await host.AdvanceAsync(TimeSpan.FromSeconds(1.5));
        var result = await host.WaitForCompletionAsync(id);

        AssertCompleted(result);
        Assert.Equal(42, result.ReadOutputAs<int>());
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Retry_policy_gives_up_when_the_handle_predicate_refuses()
    {
        var calls = 0;
        var retry = new RetryPolicy(5, TimeSpan.FromSeconds(1)) { Handle = failure => !failure.IsCausedBy<ArgumentException>() };
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Invalid", _ => { Interlocked.Increment(ref calls); throw new ArgumentException("never valid"); })
            .AddOrchestrator<int, int>("NoRetry", (context, x) => context.CallActivityAsync<int>("Invalid", x, TaskOptions.FromRetryPolicy(retry)));
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("NoRetry", 1);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Durable_timer_fires_after_its_delay_and_time_comes_from_history()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<int, double>("Sleeper", async (context, _) =>
            {
                var before = context.CurrentUtcDateTime;
                await context.CreateTimer(before + ShortTimer, CancellationToken.None);
                return (context.CurrentUtcDateTime - before).TotalSeconds;
            });
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper", 0);
        await host.SettleAsync();
        var waiting = (await host.Client.GetInstanceAsync(id))!;
        Assert.True(waiting.RuntimeStatus == OrchestrationRuntimeStatus.Running, $"{waiting.RuntimeStatus}: {waiting.FailureDetails}");
        await host.AdvanceAsync(ShortTimer + TimeSpan.FromSeconds(0.5));
        var result = await host.WaitForCompletionAsync(id);

        AssertCompleted(result);
        Assert.True(result.ReadOutputAs<double>() >= ShortTimer.TotalSeconds);
    }

    [Fact]
    public async Task Events_raised_before_the_wait_are_buffered_in_order()
    {
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Noop", x => x)
            .AddOrchestrator<int, string>("Collector", async (context, _) =>
            {
                await context.CallActivityAsync<int>("Noop", 0);
                var first = await context.WaitForExternalEvent<string>("Bid");
                var second = await context.WaitForExternalEvent<string>("Bid");
                var third = await context.WaitForExternalEvent<string>("Bid");
                return $"{first},{second},{third}";
            });
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Collector", 0);
        await host.Client.RaiseEventAsync(id, "Bid", "H001");
        await host.Client.RaiseEventAsync(id, "Bid", "H002");
        await host.SettleAsync();
        await host.Client.RaiseEventAsync(id, "Bid", "H003");
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal("H001,H002,H003", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Wait_with_timeout_throws_TaskCanceled_when_no_event_arrives()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<int, string>("Impatient", async (context, _) =>
            {
                try
                {
                    return await context.WaitForExternalEvent<string>("Approval", ShortTimer);
                }
                catch (TaskCanceledException)
                {
                    return "timed out";
                }
            });
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Impatient", 0);
        await host.SettleAsync();
        await host.AdvanceAsync(ShortTimer + TimeSpan.FromSeconds(0.5));
        var result = await host.WaitForCompletionAsync(id);

        AssertCompleted(result);
        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Event_that_wins_a_race_with_a_timer_is_returned()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<int, string>("Racer", async (context, _) =>
            {
                using var cancel = new CancellationTokenSource();
                var deadline = context.CreateTimer(TimeSpan.FromDays(3), cancel.Token);
                var approval = context.WaitForExternalEvent<string>("Approval");
                var winner = await Task.WhenAny(deadline, approval);
                cancel.Cancel();
                return winner == approval ? await approval : "deadline";
            });
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Racer", 0);
        await host.SettleAsync();
        await host.Client.RaiseEventAsync(id, "approval", "approved by P01");
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal("approved by P01", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Sub_orchestration_result_and_failure_reach_the_parent()
    {
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Triple", x => x * 3)
            .AddOrchestrator<int, int>("Child", async (context, x) => x < 0 ? throw new InvalidOperationException("negative") : await context.CallActivityAsync<int>("Triple", x))
            .AddOrchestrator<int, string>("Parent", async (context, x) =>
            {
                var ok = await context.CallSubOrchestratorAsync<int>("Child", x);
                try
                {
                    await context.CallSubOrchestratorAsync<int>("Child", -1);
                    return "no failure";
                }
                catch (TaskFailedException failure)
                {
                    return $"{ok}|{failure.TaskName}|{failure.FailureDetails.ErrorMessage}";
                }
            });
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", 5);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal("15|Child|negative", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_restarts_with_new_input_and_keeps_unprocessed_events()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<int, int>("Counter", async (context, count) =>
            {
                var increment = await context.WaitForExternalEvent<int>("Add");
                if (count + increment >= 6)
                {
                    return count + increment;
                }

                context.ContinueAsNew(count + increment);
                return 0;
            });
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0);
        await host.SettleAsync();
        await host.Client.RaiseEventAsync(id, "Add", 1);
        await host.Client.RaiseEventAsync(id, "Add", 2);
        await host.Client.RaiseEventAsync(id, "Add", 3);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(6, result.ReadOutputAs<int>());
        Assert.Equal(3, result.ReadInputAs<int>());
    }

    [Fact]
    public async Task NewGuid_and_custom_status_are_stable_across_replays()
    {
        var registry = new DurableTaskRegistry()
            .AddActivity<Guid, Guid>("Echo", g => g)
            .AddOrchestrator<int, bool>("Guids", async (context, _) =>
            {
                var first = context.NewGuid();
                context.SetCustomStatus(new { stage = "echoing", first });
                var echoed = await context.CallActivityAsync<Guid>("Echo", first);
                var second = context.NewGuid();
                context.SetCustomStatus(new { stage = "done" });
                return echoed == first && second != first;
            });
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Guids", 0);
        var result = await host.WaitForCompletionAsync(id);

        Assert.True(result.ReadOutputAs<bool>());
        Assert.Equal("{\"stage\":\"done\"}", result.SerializedCustomStatus);
    }

    [Fact]
    public async Task Starting_an_id_that_is_running_is_refused_and_a_finished_one_can_restart()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<int, int>("Waiter", async (context, x) => x + await context.WaitForExternalEvent<int>("Go"));
        await using var host = await StartAsync(registry);

        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", 1, new StartOrchestrationOptions("campaign-2027"));
        await host.SettleAsync();
        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", 2, new StartOrchestrationOptions("campaign-2027")));
        Assert.Contains("campaign-2027", refused.Message, StringComparison.Ordinal);

        await host.Client.RaiseEventAsync("campaign-2027", "Go", 10);
        Assert.Equal(11, (await host.WaitForCompletionAsync("campaign-2027")).ReadOutputAs<int>());
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", 5, new StartOrchestrationOptions("campaign-2027"));
        await host.SettleAsync();
        await host.Client.RaiseEventAsync("campaign-2027", "Go", 1);
        Assert.Equal(6, (await host.WaitForCompletionAsync("campaign-2027")).ReadOutputAs<int>());
    }

    [Fact]
    public async Task Terminate_ends_a_waiting_instance_with_the_reason()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<int, int>("Forever", (context, _) => context.WaitForExternalEvent<int>("Never"));
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Forever", 0);
        await host.SettleAsync();
        await host.Client.TerminateInstanceAsync(id, "campaign cancelled");
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("campaign cancelled", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Suspended_instance_holds_events_until_resumed()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<int, int>("Holder", async (context, _) => await context.WaitForExternalEvent<int>("Value"));
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Holder", 0);
        await host.SettleAsync();
        await host.Client.SuspendInstanceAsync(id, "audit");
        await host.SettleAsync();
        await host.Client.RaiseEventAsync(id, "Value", 7);
        await host.SettleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);

        await host.Client.ResumeInstanceAsync(id);
        var result = await host.WaitForCompletionAsync(id);
        Assert.Equal(7, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Query_pages_by_status_and_name_prefix_and_purge_removes_finished_instances()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<int, int>("Bidding.Round", (context, x) => Task.FromResult(x))
            .AddOrchestrator<int, int>("Fund.Collect", async (context, x) => x + await context.WaitForExternalEvent<int>("Go"));
        await using var host = await StartAsync(registry);

        var done = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            done.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Bidding.Round", i));
        }

        var waiting = await host.Client.ScheduleNewOrchestrationInstanceAsync("Fund.Collect", 1);
        foreach (var id in done)
        {
            await host.WaitForCompletionAsync(id);
        }

        await host.SettleAsync();
        var completed = new List<string>();
        await foreach (var instance in host.Client.QueryAllAsync(new InstanceQuery([OrchestrationRuntimeStatus.Completed], "Bidding.", PageSize: 2)))
        {
            completed.Add(instance.InstanceId);
        }

        Assert.Equal(done.Order(StringComparer.Ordinal), completed.Order(StringComparer.Ordinal));
        Assert.Equal(5, await host.Client.PurgeInstancesAsync(new InstanceQuery(NamePrefix: "Bidding.")));
        Assert.Null(await host.Client.GetInstanceAsync(done[0]));
        Assert.False(await host.Client.PurgeInstanceAsync(waiting));
        Assert.NotNull(await host.Client.GetInstanceAsync(waiting));
    }

    [Fact]
    public async Task Replay_that_schedules_something_else_fails_with_a_nondeterminism_error()
    {
        var replays = 0;
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("A", x => x)
            .AddActivity<int, int>("B", x => x)
            .AddOrchestrator<int, int>("Fickle", async (context, _) =>
            {
                var name = Interlocked.Increment(ref replays) == 1 ? "A" : "B";
                await context.CallActivityAsync<int>(name, 1);
                return await context.CallActivityAsync<int>("A", 2);
            });
        await using var host = await StartAsync(registry);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Fickle", 0);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.True(result.FailureDetails!.IsCausedBy<NonDeterministicOrchestrationException>());
        Assert.Contains("task #0", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("activity 'A'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    private static void AssertCompleted(OrchestrationMetadata result)
        => Assert.True(result.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{result.RuntimeStatus}: {result.FailureDetails}");
}

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Azurite;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// What the campaign's round boundary relies on, pinned on the real engine (the SDK's worker and client over the
/// Azure Storage provider on Azurite): an event raised between two rounds, while the orchestration waits on
/// something else, reaches the next round when the first round's wait was left open and carried over.
/// The cancelled-wait variant is run beside it and its outcome printed, not asserted: the SDK hands an event to the
/// newest waiter even if it was cancelled (the event is then lost), but on a replay the engine applies the episode's
/// new events before the orchestrator's continuations run, so the event can reach the waiter before the code that
/// cancels it — which of the two happens depends on how the engine batches and replays, which is why the campaign
/// never cancels a wait.
/// </summary>
public sealed class EventWaitSemanticsTests(AzuriteFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const string Carried = "Pin_CarriedWait";
    private const string Cancelled = "Pin_CancelledWait";
    private const string Bid = "Bid";
    private const string Between = "between";
    private static readonly TimeSpan RoundOne = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan RoundTwo = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task An_event_raised_between_rounds_reaches_the_next_round_through_the_carried_wait()
    {
        var hub = UniqueNames.Unique("waits");
        var storage = StorageClients.FromConnectionString(fixture.Azurite.ConnectionString, hub);
        var settings = DurableHubSettings.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"),
            new ConfigurationBuilder().AddInMemoryCollection([new(AppSettings.TaskHub, hub)]).Build());
        await using var engine = await LocalDurableEngine.StartAsync(storage, settings, NullLoggerFactory.Instance, CancellationToken.None);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(engine.Channel);
            worker.AddTasks(registry => registry
                .AddOrchestrator(Carried, new Orchestrator<object?, string>((context, _) => TwoRoundsAsync(context, cancelFirstWait: false)))
                .AddOrchestrator(Cancelled, new Orchestrator<object?, string>((context, _) => TwoRoundsAsync(context, cancelFirstWait: true))));
            worker.Configure(options => options.DataConverter = Workflows.Converter);
        });
        using var host = builder.Build();
        await host.StartAsync();
        var client = engine.CreateClient(NullLogger.Instance);

        var carried = await client.ScheduleNewOrchestrationInstanceAsync(Carried);
        var cancelled = await client.ScheduleNewOrchestrationInstanceAsync(Cancelled);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var id in new[] { carried, cancelled })
        {
            await WaitForBetweenAsync(client, id, timeout.Token);
            await client.RaiseEventAsync(id, Bid, "H01001", timeout.Token);
        }

        var carriedResult = await client.WaitForInstanceCompletionAsync(carried, getInputsAndOutputs: true, timeout.Token);
        var cancelledResult = await client.WaitForInstanceCompletionAsync(cancelled, getInputsAndOutputs: true, timeout.Token);
        await host.StopAsync();

        Assert.Equal("round 2 took H01001", carriedResult.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, cancelledResult.RuntimeStatus);
        output.WriteLine($"with the first wait cancelled: {cancelledResult.ReadOutputAs<string>()}");
    }

    /// <summary>
    /// Round one waits for a bid until its deadline (none comes); then a gap on a timer, when the test raises the
    /// bid; then round two waits for one until its own deadline, on the carried wait or on a new one.
    /// </summary>
    private static async Task<string> TwoRoundsAsync(TaskOrchestrationContext context, bool cancelFirstWait)
    {
        using var waitCancel = new CancellationTokenSource();
        var wait = context.WaitForExternalEvent<string>(Bid, waitCancel.Token);
        var first = await Task.WhenAny(wait, context.CreateTimer(RoundOne, CancellationToken.None));
        if (first == wait)
        {
            return "round 1 took a bid";
        }

        if (cancelFirstWait)
        {
            waitCancel.Cancel();
        }

        context.SetCustomStatus(Between);
        await context.CreateTimer(Gap, CancellationToken.None);
        context.SetCustomStatus("round 2");
        if (cancelFirstWait)
        {
            // As a round that opens its own wait would: the bid raised in the gap went to the cancelled one.
            wait = context.WaitForExternalEvent<string>(Bid);
        }

        using var deadlineCancel = new CancellationTokenSource();
        var second = await Task.WhenAny(wait, context.CreateTimer(RoundTwo, deadlineCancel.Token));
        if (second != wait)
        {
            return "round 2 saw nothing";
        }

        deadlineCancel.Cancel();
        return $"round 2 took {await wait}";
    }

    private static async Task WaitForBetweenAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        while ((await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken))?.ReadCustomStatusAs<string>() != Between)
        {
            await Task.Delay(100, cancellationToken);
        }
    }
}

using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// The Function app's build writes functions.metadata (the Functions host indexes the app from it). Every
/// orchestrator and activity the local host registers, every HTTP route it serves, and its blob paths and timer
/// schedules each have exactly one function there, of the right trigger, with the same route, methods, path or
/// schedule setting — so the two hosts cannot drift apart.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly JsonElement[] Functions = Load();

    private static JsonElement[] Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the Functions worker SDK did not run in the build.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static JsonElement Trigger(JsonElement function) =>
        Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static IReadOnlyList<JsonElement> OfTrigger(string type) =>
        [.. Functions.Where(f => Trigger(f).GetProperty("type").GetString() == type)];

    private static IReadOnlyList<string> Names(IEnumerable<JsonElement> functions) =>
        [.. functions.Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];

    private static ServiceProvider AppServices()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(StorageClients.FromConnectionString("UseDevelopmentStorage=true", "metadata"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new Durable.ScriptedDurableEngine(new DurableTaskRegistry(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider()).Client);
        ServerlessApp.AddAppServices(services, Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(new Microsoft.Extensions.Configuration.ConfigurationBuilder(), [new(Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting, TestApps.LedgerKey)]).Build());
        return services.BuildServiceProvider();
    }

    private static DurableTaskRegistry LocalRegistry()
    {
        // The registry exactly as the local host fills it, over services built the same way (no storage is touched).
        using var provider = AppServices();
        var registry = new DurableTaskRegistry();
        Workflows.Register(registry, provider);
        return registry;
    }

    [Theory]
    [InlineData(new[] { "--functions-uri", "http://127.0.0.1:7071/", "--functions-worker-id", "w1" }, true)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:0" }, false)]
    [InlineData(new[] { "demo" }, false)]
    public void The_process_takes_the_functions_worker_path_only_when_the_host_started_it(string[] args, bool expected)
        => Assert.Equal(expected, FunctionsWorker.StartedByHost(args));

    [Fact]
    public void Function_names_are_unique_and_valid_functions_names()
    {
        Assert.Equal(Functions.Length, Functions.Select(f => f.GetProperty("name").GetString()).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // The host's own rule (the build does not check it): a letter, then letters, digits, _ or -, at most 128.
        Assert.All(Functions, f => Assert.Matches("^[A-Za-z][A-Za-z0-9_-]{0,127}$", f.GetProperty("name").GetString()));
    }

    [Fact]
    public void Every_orchestrator_and_activity_the_local_host_registers_is_one_function_of_its_trigger()
    {
        var registry = LocalRegistry();
        Assert.Equal(registry.GetOrchestrators().Select(o => o.Key.Name).Order(StringComparer.Ordinal), Names(OfTrigger("orchestrationTrigger")));
        Assert.Equal(registry.GetActivities().Select(a => a.Key.Name).Order(StringComparer.Ordinal), Names(OfTrigger("activityTrigger")));
    }

    [Fact]
    public void Every_http_route_the_local_host_serves_is_an_http_function_with_the_same_route_and_method()
    {
        var http = OfTrigger("httpTrigger").Where(f => f.GetProperty("name").GetString() != ApiDispatcher.ConsoleFiles)
            .ToDictionary(f => f.GetProperty("name").GetString()!, Trigger);
        // The development sign-in is the local host's alone: the Functions app has no such function.
        var served = ApiRoutes.All.Where(r => !r.DevelopmentSignIn).ToList();
        Assert.Equal(served.Select(r => r.Function).Order(StringComparer.Ordinal), http.Keys.Order(StringComparer.Ordinal));
        Assert.All(ApiRoutes.All.Where(r => r.DevelopmentSignIn), r => Assert.DoesNotContain(r.Function, http.Keys));
        foreach (var route in served)
        {
            var trigger = http[route.Function];
            Assert.Equal(route.FunctionsRoute, trigger.GetProperty("route").GetString());
            Assert.Equal([route.Method.ToLowerInvariant()], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
            Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        }

        // Each answers through the http output binding (the handler's response is forwarded).
        Assert.All(OfTrigger("httpTrigger"), f => Assert.Contains(f.GetProperty("bindings").EnumerateArray(),
            b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out"));

        // The Functions host prefixes no "api/" of its own: the routes are the same paths as locally.
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void Blob_paths_and_timer_schedules_agree_with_the_local_trigger_host()
    {
        var blobs = OfTrigger("blobTrigger").ToDictionary(f => f.GetProperty("name").GetString()!, f => Trigger(f).GetProperty("path").GetString());
        Assert.Equal(new Dictionary<string, string?>
        {
            [BlobTriggers.BidUpload] = StorageNames.BidsContainer + "/{name}",
            [BlobTriggers.ApplicationUpload] = StorageNames.ApplicationsContainer + "/{name}",
            [BlobTriggers.MonitoringUpload] = StorageNames.MonitoringContainer + "/{name}",
        }, blobs);

        // The local scanner watches the same containers.
        using var provider = AppServices();
        Assert.Equal(blobs.Values.Select(p => p![..p!.IndexOf('/', StringComparison.Ordinal)]).Order(StringComparer.Ordinal),
            provider.GetServices<IBlobUploadHandler>().Select(h => h.Container).Order(StringComparer.Ordinal));

        var timers = OfTrigger("timerTrigger").ToDictionary(f => f.GetProperty("name").GetString()!, f => Trigger(f).GetProperty("schedule").GetString());
        Assert.Equal(new Dictionary<string, string?>
        {
            [TimerNames.FundCollectionTimer] = $"%{TimerNames.FundCollectionSetting}%",
            [TimerNames.ComplexReviewTimer] = $"%{TimerNames.ComplexReviewSetting}%",
            [TimerNames.GeneralReviewTimer] = $"%{TimerNames.GeneralReviewSetting}%",
        }, timers);
        var local = ScheduledTimersService.Build(provider, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Assert.Equal(timers.Keys.Order(StringComparer.Ordinal), local.Select(t => t.Schedule.Name).Order(StringComparer.Ordinal));
    }
}

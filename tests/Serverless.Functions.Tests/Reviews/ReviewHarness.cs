using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Azurite;
using Serverless.Domain.Calendar;
using Serverless.Domain.NewItems;
using Serverless.Domain.Reviews;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Functions.Monitoring;
using Serverless.Functions.Reviews;
using Serverless.Functions.Security;
using Serverless.Functions.Tests.Durable;
using Serverless.Functions.Tests.NewItems;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.Tests.Reviews;

/// <summary>
/// The annual reviews on the in-memory runtime with a fake clock, their activities and callbacks on real Azure Storage
/// (Azurite), wired through <see cref="ReviewsModule"/> as the host wires it. The bidding campaign orchestration is
/// registered so a confirmation starts a real sub-orchestration; its activities only when asked.
/// </summary>
public sealed class ReviewHarness : IDisposable
{
    private readonly ServiceProvider _services;

    private ReviewHarness(FakeTimeProvider time, StorageClients storage, bool campaignActivities)
    {
        Time = time;
        Storage = storage;
        var registry = new DurableTaskRegistry();
        Engine = new ScriptedDurableEngine(registry, time);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(storage)
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(Client)
            .AddSingleton<WorkbookReader>()
            .AddSingleton<CampaignStore>()
            .AddSingleton<NewItemStore>()
            .AddSingleton(new NewItemParameters())
            .AddSingleton<AuditTrail>()
            .AddSingleton<ScopeCache>()
            .AddSingleton<CampaignActivities>();
        ReviewsModule.AddReviews(services);
        MonitoringModule.AddMonitoring(services);
        _services = services.BuildServiceProvider();
        ReviewOrchestration.Register(registry);
        _services.GetRequiredService<ReviewActivities>().Register(registry, CancellationToken.None);
        CampaignOrchestration.Register(registry);
        if (campaignActivities)
        {
            _services.GetRequiredService<CampaignActivities>().Register(registry, CancellationToken.None);
            _services.GetRequiredService<MonitoringActivities>().Register(registry, CancellationToken.None);
        }

    }

    public FakeTimeProvider Time { get; }

    public StorageClients Storage { get; }

    /// <summary>The engine's test double: the real SDK's orchestrator and activity code on a fake clock.</summary>
    public ScriptedDurableEngine Engine { get; }

    public DurableTaskClient Client => Engine.Client;

    public IServiceProvider Services => _services;

    public ReviewStore Store => _services.GetRequiredService<ReviewStore>();

    public NewItemStore NewItems => _services.GetRequiredService<NewItemStore>();

    public AuditTrail Audit => _services.GetRequiredService<AuditTrail>();

    /// <summary>A harness whose clock starts at <paramref name="chinaDate"/> 09:00 CST, the review timer's time.</summary>
    public static async Task<ReviewHarness> StartAsync(AzuriteInstance azurite, DateOnly chinaDate, bool campaignActivities = true)
    {
        var storage = StorageClients.FromConnectionString(azurite.ConnectionString, UniqueNames.Unique("hub"));
        var harness = new ReviewHarness(new FakeTimeProvider(ChinaTime.ToUtc(chinaDate, new TimeOnly(9, 0))), storage, campaignActivities);
        await new StorageProvisioner(storage).EnsureAsync(CancellationToken.None);
        await storage.Tables.CreateTableIfNotExistsAsync(ReviewStore.DecisionsTable);
        return harness;
    }

    public Task SettleAsync() => Engine.SettleAsync();

    /// <summary>The timer fires for <paramref name="kind"/> at <paramref name="scheduledUtc"/> (now when null); the runtime then runs.</summary>
    public async Task FireAsync(string kind, DateTimeOffset? scheduledUtc = null)
    {
        await ReviewsModule.FireAsync(Services, scheduledUtc ?? Time.GetUtcNow(), kind);
        await SettleAsync();
    }

    /// <summary>Calls the indicator upload as the price office with <paramref name="xlsx"/> as the body; returns the result, the runtime then runs.</summary>
    public async Task<IResult> UploadIndicatorsAsync(int year, string kind, byte[] xlsx)
    {
        var http = new DefaultHttpContext { User = NewItemHarness.Official(Roles.PriceOffice, "zhao.price") };
        http.Request.Body = new MemoryStream(xlsx);
        var result = await ReviewEndpoints.UploadIndicatorsAsync(year, kind, http.Request, Store, _services.GetRequiredService<WorkbookReader>(), Client, Audit,
            _services.GetRequiredService<ReviewParameters>(), CancellationToken.None);
        await SettleAsync();
        return result.Result;
    }

    /// <summary>Calls the campaign decision callback as the price office; returns the HTTP status, the runtime then runs.</summary>
    public async Task<int> DecideAsync(int year, string league, string? decision, string? campaignId = null, string user = "li.price", string? comment = null)
    {
        var http = new DefaultHttpContext { User = NewItemHarness.Official(Roles.PriceOffice, user) };
        var result = await ReviewEndpoints.DecideCampaignAsync(year, league, new CampaignDecisionRequest(decision, campaignId, comment), Store, Client, Audit, Time, http, CancellationToken.None);
        await SettleAsync();
        return StatusOf(result.Result);
    }

    public async Task<ReviewEndpoints.ReviewView?> ViewAsync(int year, string kind)
        => (await ReviewEndpoints.GetAsync(year, kind, Store, Client, CancellationToken.None)).Result is Microsoft.AspNetCore.Http.HttpResults.Ok<ReviewEndpoints.ReviewView> ok ? ok.Value : null;

    public static int StatusOf(IResult result) => result is IStatusCodeHttpResult { StatusCode: { } code }
        ? code
        : throw new InvalidOperationException($"Unexpected result {result?.GetType().Name}.");

    public void Dispose() => _services.Dispose();
}

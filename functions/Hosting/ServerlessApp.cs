using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Microsoft.AspNetCore.Authentication;
using Serverless.Azurite;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Serverless.Domain.Calendar;
using Serverless.Domain.NewItems;
using Serverless.Functions.Bidding;
using Serverless.Functions.WebConsole;
using Serverless.Functions.Monitoring;
using Serverless.Functions.NewItems;
using Serverless.Functions.ReserveFund;
using Serverless.Functions.Reviews;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The function app in one ASP.NET Core process: the HTTP API, the local trigger host (upload scanner, runtime queue
/// pollers) and storage — the configured account, or an embedded Azurite started here when none is configured.
/// </summary>
public static class ServerlessApp
{
    public static Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
        => BuildAsync(args, new LocalHostTuning(), configure, cancellationToken);

    /// <summary>
    /// Builds the local host with <paramref name="tuning"/>: other Durable settings than host.json's, and policies on
    /// every storage client of the app and the engine (the engine benchmark runs the demo campaign both ways and counts).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, LocalHostTuning tuning, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        if (builder.Environment.IsDevelopment() && configuration["AllowedHosts"] is null or "*")
        {
            // A development host answers only to its own names (no DNS rebinding onto a developer's machine).
            configuration.AddInMemoryCollection([new("AllowedHosts", "localhost;127.0.0.1;[::1]")]);
        }

        // Every setting is checked before Azurite or the engine starts: a host that would fail open does not start at all.
        var (signIn, storageOptions) = StartupSettings.Checked(configuration, builder.Environment, mayEmbedStorage: true);

        var hub = tuning.Hub ?? DurableHubSettings.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"), configuration);
        var taskHub = hub.HubName;
        AzuriteInstance? embedded = null;
        StorageClients storage;
        if (storageOptions.ConnectionString is { } connection)
        {
            storage = StorageClients.FromConnectionString(connection, taskHub, tuning.StoragePolicies);
        }
        else if (storageOptions.AccountName is { } account)
        {
            storage = StorageClients.FromAccountName(account, taskHub);
        }
        else
        {
            var folder = configuration["Azurite:InMemory"] == "true" ? null : Path.Combine(AzuriteInstance.FindRepositoryRoot(), ".azurite-data");
            embedded = await AzuriteInstance.StartAsync(folder, cancellationToken);
            storage = StorageClients.FromConnectionString(embedded.ConnectionString, taskHub, tuning.StoragePolicies);
            // So a developer can upload blobs with standard tools (README, a campaign's step 3).
            Console.WriteLine($"Embedded Azurite, {embedded.Endpoints}");
        }

        // A start that fails part-way leaves nothing running behind it: the engine, its logger and the embedded Azurite go.
        LocalDurableEngine? engine = null;
        ILoggerFactory? loggerFactory = null;
        WebApplication app;
        try
        {
            var services = builder.Services;
            services.AddSingleton(storage);
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<DurableClientAccessor>();
            loggerFactory = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddConsole());
            engine = await LocalDurableEngine.StartAsync(storage, hub, loggerFactory, cancellationToken, storagePolicies: tuning.StoragePolicies);
            services.AddSingleton(engine);
            services.AddOptions<DurableTaskRegistry>(Microsoft.Extensions.Options.Options.DefaultName).Configure<IServiceProvider>((registry, sp) => Workflows.Register(registry, sp));
            services.AddDurableTaskWorker(worker =>
            {
                worker.UseGrpc(engine.Channel);
                worker.Configure(options =>
                {
                    options.DataConverter = Workflows.Converter;
                    options.Concurrency.MaximumConcurrentActivityWorkItems = hub.MaxConcurrentActivityFunctions;
                    options.Concurrency.MaximumConcurrentOrchestrationWorkItems = hub.MaxConcurrentOrchestratorFunctions;
                });
            });
            services.AddDurableTaskClient(client =>
            {
                client.UseGrpc(engine.Channel);
                client.Configure(options => options.DataConverter = Workflows.Converter);
            });
            AddAppServices(services, configuration);
            services.AddSingleton(sp => new TimerRunner(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(StorageNames.TimerFiringsTable),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TimerRunner>>()));
            services.AddSingleton<BlobUploadScanner>();
            services.AddHostedService(sp => sp.GetRequiredService<BlobUploadScanner>());
            services.AddHostedService<ScheduledTimersService>();

            services.AddOpenApi();

            app = builder.Build();
            await app.Services.GetRequiredService<StorageProvisioner>().EnsureAsync(cancellationToken);
            app.Lifetime.ApplicationStopped.Register(() =>
            {
                engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
                loggerFactory.Dispose();
                embedded?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            });
        }
        catch
        {
            if (engine is not null)
            {
                await engine.DisposeAsync();
            }

            loggerFactory?.Dispose();
            if (embedded is not null)
            {
                await embedded.DisposeAsync();
            }

            throw;
        }

        app.UseHttpHardening();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapGet("/", () => TypedResults.Ok(new { service = "Serverless medical-insurance workflows", openApi = "/openapi/v1.json" }));
        app.MapApiRoutes(developmentSignIn: signIn.Mode == SignInMode.DevelopmentTokens);
        // The console's pages ship next to the app (wwwroot copied to the output), wherever the process was started from.
        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var files = Directory.Exists(webRoot) ? new Microsoft.Extensions.FileProviders.PhysicalFileProvider(webRoot) : app.Environment.WebRootFileProvider;
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.Value == "/console")
            {
                context.Response.Redirect("/console/");
                return;
            }

            await next();
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });

        return app;
    }

    /// <summary>
    /// The services both hosts share (this local host and the Functions worker): stores, activities, upload handlers,
    /// the audit trail, upload URLs, authentication and the authorization policies. The caller adds storage, the clock
    /// and a <c>DurableTaskClient</c>.
    /// </summary>
    public static void AddAppServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StorageProvisioner>();
        services.AddSingleton<WorkbookReader>();
        services.AddSingleton<CampaignStore>();
        services.AddSingleton<UploadedBlobs>();
        services.AddSingleton<ScopeCache>();
        services.AddOptions<BiddingOptions>()
            .Bind(configuration.GetSection(BiddingOptions.Section))
            .Validate(options => options.Problem is null, BiddingOptions.RangeProblem)
            .ValidateOnStart();
        services.AddSingleton<CampaignActivities>();
        services.AddSingleton<BidUploadFunction>();
        services.AddSingleton<IBlobUploadHandler>(sp => sp.GetRequiredService<BidUploadFunction>());
        services.AddSingleton(CalendarFrom(configuration));
        services.AddSingleton(new NewItemParameters());
        services.AddSingleton<NewItemStore>();
        services.AddSingleton<NewItemActivities>();
        services.AddSingleton<NewItemSubmissions>();
        services.AddSingleton<ApplicationUploadFunction>();
        services.AddSingleton<IBlobUploadHandler>(sp => sp.GetRequiredService<ApplicationUploadFunction>());
        FundModule.AddReserveFund(services, configuration);
        ReviewsModule.AddReviews(services);
        MonitoringModule.AddMonitoring(services);
        Simulation.SimulationModule.AddSimulation(services);
        SignInSetup.AddSignIn(services, configuration);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton(sp => new UploadUrls(sp.GetRequiredService<StorageClients>().Blobs, sp.GetRequiredService<TimeProvider>()));
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.PriceOffice, policy => policy.RequireRole(Roles.PriceOffice))
            .AddPolicy(Roles.Hospital, policy => policy.RequireRole(Roles.Hospital))
            .AddPolicy(AnyUser, policy => policy.RequireRole(Roles.All))
            .AddPolicy(AnyOfficial, policy => policy.RequireRole(Roles.Officials))
            .AddPolicy(AuditReaders, policy => policy.RequireRole(Roles.AuditReaders))
            .AddPolicy(Roles.FundOffice, policy => policy.RequireRole(Roles.FundOffice))
            .AddPolicy(Roles.FinanceOffice, policy => policy.RequireRole(Roles.FinanceOffice));
        AddTelemetry(services, configuration);
    }

    /// <summary>The policy of endpoints any signed-in official or hospital may call (each then checks ownership).</summary>
    public const string AnyUser = "any-user";

    /// <summary>The policy of endpoints only officials call.</summary>
    public const string AnyOfficial = "any-official";

    /// <summary>The policy of the audit search (<see cref="Roles.AuditReaders"/>).</summary>
    public const string AuditReaders = "audit-readers";

    /// <summary>Traces and metrics of the runtime and the HTTP API: to Application Insights in Azure, to the console when asked.</summary>
    private static void AddTelemetry(IServiceCollection services, IConfiguration configuration)
    {
        var appInsights = configuration[AppSettings.AppInsightsConnection];
        var console = configuration.GetValue(AppSettings.TelemetryConsole, false);
        if (appInsights is not { Length: > 0 } && !console)
        {
            return;
        }

        services.AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                tracing.AddSource([.. Workflows.TelemetrySources]);
                if (console)
                {
                    tracing.AddConsoleExporter();
                }

                if (appInsights is { Length: > 0 })
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = appInsights);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. Workflows.TelemetrySources]);
                if (console)
                {
                    metrics.AddConsoleExporter();
                }

                if (appInsights is { Length: > 0 })
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = appInsights);
                }
            });
    }

    /// <summary>
    /// The China working-day calendar: the built-in State Council schedules plus any dates an operator adds in
    /// settings (<c>Calendar:Holidays</c>, <c>Calendar:MakeUpWorkingDays</c>: comma-separated yyyy-MM-dd), for a year
    /// announced after this release.
    /// </summary>
    public static WorkingDayCalendar CalendarFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        static IEnumerable<DateOnly> Dates(string? text) => (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var holidays = Dates(configuration[AppSettings.CalendarHolidays]).ToList();
        var makeUp = Dates(configuration[AppSettings.CalendarMakeUpWorkingDays]).ToList();
        var defaults = ChinaHolidays.Defaults;
        return new WorkingDayCalendar(
            defaults.SelectMany(s => s.Holidays).Except(makeUp).Concat(holidays).Distinct(),
            defaults.SelectMany(s => s.MakeUpWorkingDays).Except(holidays).Concat(makeUp).Distinct(),
            defaults.Select(s => s.Year).Concat(holidays.Concat(makeUp).Select(d => d.Year)).Distinct());
    }
}

using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Functions.Bidding;
using Serverless.Functions.Monitoring;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The app under the Azure Functions host (isolated worker): the host's Durable extension runs the engine (task hub
/// and tuning from host.json), owns the blob, timer and HTTP triggers and calls the <c>[Function]</c> adapters; this
/// process only registers the services those adapters use. Storage is the account named by
/// <c>AzureWebJobsStorage__accountName</c> with the app's managed identity, or a connection string.
/// </summary>
public static class FunctionsWorker
{
    /// <summary>
    /// Whether the Functions host started this process: it passes its gRPC endpoint (<c>--functions-uri</c>, read as
    /// <c>Functions:Worker:HostEndpoint</c>) and the worker id, or loads the app in its native host.
    /// <c>FUNCTIONS_WORKER_RUNTIME</c> is an ordinary setting, so it is not taken as a sign.
    /// </summary>
    public static bool StartedByHost(string[] args) =>
        args.Any(a => a.StartsWith("--functions-uri", StringComparison.Ordinal) || a.StartsWith("--functions-worker-id", StringComparison.Ordinal))
        || Environment.GetEnvironmentVariable("Functions__Worker__HostEndpoint") is { Length: > 0 }
        || AppContext.GetData("AZURE_FUNCTIONS_NATIVE_HOST") is not null;

    public static async Task RunAsync(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<HttpHardeningMiddleware>();
        var configuration = builder.Configuration;
        var hub = DurableHubSettings.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"), configuration);
        var (_, storageOptions) = StartupSettings.Checked(configuration, builder.Environment, mayEmbedStorage: false);

        var storage = storageOptions.ConnectionString is { } connection
            ? StorageClients.FromConnectionString(connection, hub.HubName)
            : StorageClients.FromAccountName(storageOptions.AccountName!, hub.HubName);

        var services = builder.Services;
        services.AddSingleton(storage);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DurableClientAccessor>();
        ServerlessApp.AddAppServices(services, configuration);

        // The durable client is the invocation's ([DurableClient]); whatever takes one is made per use, never kept.
        services.AddTransient<DurableTaskClient>(sp => sp.GetRequiredService<DurableClientAccessor>().Current
            ?? throw new InvalidOperationException("No durable client: a [Function] adapter runs its handler through DurableClientAccessor."));
        services.Replace(ServiceDescriptor.Transient<BidUploadFunction, BidUploadFunction>());
        services.Replace(ServiceDescriptor.Transient<ApplicationUploadFunction, ApplicationUploadFunction>());
        services.Replace(ServiceDescriptor.Transient<MonitoringUploadFunction, MonitoringUploadFunction>());
        services.Replace(ServiceDescriptor.Transient<NewItemSubmissions, NewItemSubmissions>());
        services.AddSingleton<ApiDispatcher>();

        var app = builder.Build();
        await app.Services.GetRequiredService<StorageProvisioner>().EnsureAsync(CancellationToken.None);
        await app.RunAsync();
    }
}

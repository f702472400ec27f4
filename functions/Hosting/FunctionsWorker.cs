using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Functions.Bidding;
using Serverless.Functions.NewItems;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The app under the Azure Functions host (isolated worker): the host's Durable extension runs the engine (task hub
/// and tuning from host.json), owns the blob, timer and HTTP triggers and calls the <c>[Function]</c> adapters; this
/// process only registers the services those adapters use. Storage is the account named by
/// <c>AzureWebJobsStorage__accountName</c> with the app's managed identity, or a connection string.
/// </summary>
public static class FunctionsWorker
{
    /// <summary>Whether the Functions host started this process (it passes its gRPC endpoint and sets the app directory).</summary>
    public static bool StartedByHost(string[] args) =>
        args.Any(a => a.StartsWith("--functions-", StringComparison.Ordinal) || a is "--workerId" or "--host")
        || Environment.GetEnvironmentVariable("FUNCTIONS_APPLICATION_DIRECTORY") is { Length: > 0 };

    public static async Task RunAsync(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        var configuration = builder.Configuration;
        var hub = DurableHubSettings.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"), configuration);
        var storage = configuration[AppSettings.StorageConnection] is { Length: > 0 } connection
            ? StorageClients.FromConnectionString(connection, hub.HubName)
            : configuration["AzureWebJobsStorage:accountName"] is { Length: > 0 } account
                ? StorageClients.FromAccountName(account, hub.HubName)
                : throw new InvalidOperationException("Set AzureWebJobsStorage__accountName (managed identity) or AzureWebJobsStorage (a connection string).");

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
        services.Replace(ServiceDescriptor.Transient<NewItemSubmissions, NewItemSubmissions>());
        services.AddSingleton<ApiDispatcher>();

        var app = builder.Build();
        await app.Services.GetRequiredService<StorageProvisioner>().EnsureAsync(CancellationToken.None);
        await app.RunAsync();
    }
}

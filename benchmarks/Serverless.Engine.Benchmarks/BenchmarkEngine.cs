using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Functions.Hosting;

namespace Serverless.Engine.Benchmarks;

/// <summary>
/// The same engine as <see cref="LocalDurableEngine"/> (the Azure Storage provider served by the SDK's
/// <see cref="TaskHubGrpcServer"/> over loopback HTTP/2), started here because LocalDurableEngine builds its provider
/// from <see cref="StorageClients"/>, which cannot carry the request-counting storage clients.
/// </summary>
internal sealed class BenchmarkEngine : IAsyncDisposable
{
    /// <summary>As LocalDurableEngine: gRPC's 4 MB default is below a large fan-in's history.</summary>
    private const int MaxMessageBytes = 64 * 1024 * 1024;

    private readonly WebApplication _sidecar;

    private BenchmarkEngine(WebApplication sidecar, AzureStorageOrchestrationService service, GrpcChannel channel)
    {
        _sidecar = sidecar;
        Service = service;
        Channel = channel;
    }

    public AzureStorageOrchestrationService Service { get; }

    public GrpcChannel Channel { get; }

    /// <summary>The provider's settings from the hub's, as <see cref="DurableHubSettings.ToProviderSettings"/> maps them.</summary>
    public static AzureStorageOrchestrationServiceSettings ProviderSettings(DurableHubSettings hub, StorageAccountClientProvider account, ILoggerFactory loggerFactory) => new()
    {
        TaskHubName = hub.HubName,
        StorageAccountClientProvider = account,
        PartitionCount = hub.StorageProvider.PartitionCount,
        MaxQueuePollingInterval = hub.StorageProvider.MaxQueuePollingInterval,
        ControlQueueBatchSize = hub.StorageProvider.ControlQueueBatchSize,
        ControlQueueVisibilityTimeout = hub.StorageProvider.ControlQueueVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = hub.StorageProvider.WorkItemQueueVisibilityTimeout,
        ExtendedSessionsEnabled = hub.ExtendedSessionsEnabled,
        ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(hub.ExtendedSessionIdleTimeoutInSeconds),
        MaxConcurrentTaskActivityWorkItems = hub.MaxConcurrentActivityFunctions,
        MaxConcurrentTaskOrchestrationWorkItems = hub.MaxConcurrentOrchestratorFunctions,
        LoggerFactory = loggerFactory,
    };

    public static async Task<BenchmarkEngine> StartAsync(AzureStorageOrchestrationServiceSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = MaxMessageBytes);
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync(cancellationToken);
        var address = sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = MaxMessageBytes, MaxSendMessageSize = MaxMessageBytes });
        return new BenchmarkEngine(sidecar, service, channel);
    }

    /// <summary>Stops the sidecar and then the provider itself, so a finished run stops polling the shared Azurite.</summary>
    public async ValueTask DisposeAsync()
    {
        await _sidecar.StopAsync(CancellationToken.None);
        await _sidecar.DisposeAsync();
        Channel.Dispose();
        await Service.StopAsync(isForced: true);
    }
}

using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The engine of the local, embedded host: the Durable Task Framework with its Azure Storage provider
/// (<see cref="AzureStorageOrchestrationService"/>, the provider Durable Functions runs in Azure) on the app's storage
/// account, served over loopback gRPC by the SDK's <see cref="TaskHubGrpcServer"/> to the same
/// Microsoft.DurableTask worker and client the Functions host's Durable extension talks to. Nothing here replays,
/// stores history or leases partitions: the provider does.
/// </summary>
public sealed class LocalDurableEngine : IAsyncDisposable
{
    private readonly WebApplication _sidecar;

    private LocalDurableEngine(WebApplication sidecar, AzureStorageOrchestrationService service, GrpcChannel channel)
    {
        _sidecar = sidecar;
        Service = service;
        Channel = channel;
    }

    /// <summary>The provider: the task hub's queues, tables and blobs.</summary>
    public AzureStorageOrchestrationService Service { get; }

    /// <summary>The loopback channel the worker and the client use.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>Creates the task hub if missing and starts the gRPC sidecar on a free loopback port.</summary>
    public static async Task<LocalDurableEngine> StartAsync(StorageClients storage, DurableHubSettings hub, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(hub);
        var service = new AzureStorageOrchestrationService(hub.ToProviderSettings(storage, loggerFactory));
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
        return new LocalDurableEngine(sidecar, service, channel);
    }

    /// <summary>
    /// A client on this engine outside the app's container (the reliability programs). The dispatchers start only when
    /// a worker connects, so a process holding just a client runs nothing.
    /// </summary>
    public DurableTaskClient CreateClient(ILogger logger) =>
        new GrpcDurableTaskClient("local", new GrpcDurableTaskClientOptions { Channel = Channel, DataConverter = Workflows.Converter }, logger);

    /// <summary>gRPC's 4 MB default is below a large fan-in's history; the provider itself offloads big messages to blobs.</summary>
    private const int MaxMessageBytes = 64 * 1024 * 1024;

    public async ValueTask DisposeAsync()
    {
        await _sidecar.StopAsync(CancellationToken.None);
        await _sidecar.DisposeAsync();
        Channel.Dispose();
    }
}

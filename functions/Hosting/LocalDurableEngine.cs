using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
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

    /// <summary>
    /// Creates the task hub if missing and starts the gRPC sidecar on a free loopback port. With
    /// <paramref name="clientOnly"/> it serves only the client API (no dispatchers: a process that watches or starts
    /// workflows on a hub other processes run). <paramref name="storagePolicies"/> go on the provider's blob, queue and
    /// table clients per retry, so they see every attempt (request counting, fault injection).
    /// </summary>
    public static async Task<LocalDurableEngine> StartAsync(StorageClients storage, DurableHubSettings hub, ILoggerFactory loggerFactory, CancellationToken cancellationToken,
        bool clientOnly = false, IReadOnlyList<HttpPipelinePolicy>? storagePolicies = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(hub);
        var settings = hub.ToProviderSettings(storage, loggerFactory);
        if (storagePolicies is { Count: > 0 })
        {
            var account = settings.StorageAccountClientProvider!;
            settings.StorageAccountClientProvider = new StorageAccountClientProvider(
                new WithPolicies<BlobServiceClient, BlobClientOptions>(account.Blob, storagePolicies),
                new WithPolicies<QueueServiceClient, QueueClientOptions>(account.Queue, storagePolicies),
                new WithPolicies<TableServiceClient, TableClientOptions>(account.Table, storagePolicies));
        }

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
        builder.Services.Configure<TaskHubGrpcServerOptions>(options =>
            options.Mode = clientOnly ? TaskHubGrpcServerMode.ApiServerOnly : TaskHubGrpcServerMode.ApiServerAndDispatcher);
        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync(cancellationToken);
        var address = sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = MaxMessageBytes, MaxSendMessageSize = MaxMessageBytes });
        return new LocalDurableEngine(sidecar, service, channel);
    }

    /// <summary>
    /// An instance's history as the provider stores it (its History table), for checks of what the engine did. The
    /// SDK client's history call returns nothing through this sidecar, so the provider is asked directly.
    /// </summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string instanceId)
    {
        var state = await Service.GetOrchestrationStateAsync(instanceId, executionId: null);
        var json = await Service.GetOrchestrationHistoryAsync(instanceId, state?.OrchestrationInstance?.ExecutionId);
        using var events = System.Text.Json.JsonDocument.Parse(json ?? "[]");
        static int? Number(System.Text.Json.JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number ? v.GetInt32() : null;
        return [.. events.RootElement.EnumerateArray().Select(e => new HistoryEntry(
            (DurableTask.Core.History.EventType)Number(e, "EventType")!.Value,
            Number(e, "EventId") ?? -1,
            Number(e, "TaskScheduledId"),
            Number(e, "TimerId"),
            e.TryGetProperty("FireAt", out var fireAt) && fireAt.ValueKind == System.Text.Json.JsonValueKind.String ? fireAt.GetDateTime().ToUniversalTime() : null))];
    }

    /// <summary>One history event: its type, its id, the task or timer it answers, and a timer's due time.</summary>
    public sealed record HistoryEntry(DurableTask.Core.History.EventType Type, int EventId, int? TaskScheduledId, int? TimerId, DateTime? FireAt);

    /// <summary>A client on this engine outside the app's container (tests, the reliability programs).</summary>
    public DurableTaskClient CreateClient(ILogger logger) =>
        new GrpcDurableTaskClient("local", new GrpcDurableTaskClientOptions { Channel = Channel, DataConverter = Workflows.Converter }, logger);

    /// <summary>gRPC's 4 MB default is below a large fan-in's history; the provider itself offloads big messages to blobs.</summary>
    private const int MaxMessageBytes = 64 * 1024 * 1024;

    /// <summary>
    /// One of the account's service-client providers with extra policies on the options it hands the provider (which
    /// adds its own to them and creates its client once), whatever the account's credential.
    /// </summary>
    private sealed class WithPolicies<TClient, TOptions>(IStorageServiceClientProvider<TClient, TOptions> inner, IReadOnlyList<HttpPipelinePolicy> policies)
        : IStorageServiceClientProvider<TClient, TOptions>
        where TOptions : ClientOptions
    {
        public TOptions CreateOptions()
        {
            var options = inner.CreateOptions();
            foreach (var policy in policies)
            {
                options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
            }

            return options;
        }

        public TClient CreateClient(TOptions options) => inner.CreateClient(options);
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.StopAsync(CancellationToken.None);
        await _sidecar.DisposeAsync();
        Channel.Dispose();
    }
}

using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The app's storage account: a connection string locally (Azurite), or the account name with a managed identity in
/// Azure (<c>AzureWebJobsStorage__accountName</c>, DefaultAzureCredential), never account keys there.
/// </summary>
public sealed class StorageClients
{
    private StorageClients(BlobServiceClient blobs, TableServiceClient tables, QueueServiceClient queues, string taskHub, Func<StorageAccountClientProvider> engineAccount)
    {
        Blobs = blobs;
        Tables = tables;
        Queues = queues;
        TaskHub = taskHub;
        _engineAccount = engineAccount;
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>The Durable task hub's name: its control and work-item queues, History and Instances tables, lease blobs.</summary>
    public string TaskHub { get; }

    private readonly Func<StorageAccountClientProvider> _engineAccount;

    /// <summary>The same account for the Durable Task Framework's Azure Storage provider (a new provider each call).</summary>
    public StorageAccountClientProvider EngineAccount() => _engineAccount();

    /// <summary>
    /// The account of a connection string. <paramref name="policies"/> go on the app's blob, table and queue clients
    /// per retry, so they see every attempt (the demo counts its storage requests this way).
    /// </summary>
    public static StorageClients FromConnectionString(string connectionString, string taskHub, IReadOnlyList<HttpPipelinePolicy>? policies = null)
        => new(new BlobServiceClient(connectionString, With(new BlobClientOptions(), policies)), new TableServiceClient(connectionString, With(new TableClientOptions(), policies)),
            new QueueServiceClient(connectionString, With(new QueueClientOptions(), policies)), taskHub, () => new StorageAccountClientProvider(connectionString));

    private static TOptions With<TOptions>(TOptions options, IReadOnlyList<HttpPipelinePolicy>? policies)
        where TOptions : Azure.Core.ClientOptions
    {
        foreach (var policy in policies ?? [])
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }

        return options;
    }

    public static StorageClients FromAccountName(string accountName, string taskHub, TokenCredential? credential = null)
    {
        credential ??= new DefaultAzureCredential();
        var blob = new Uri($"https://{accountName}.blob.core.windows.net");
        var queue = new Uri($"https://{accountName}.queue.core.windows.net");
        var table = new Uri($"https://{accountName}.table.core.windows.net");
        return new(new BlobServiceClient(blob, credential), new TableServiceClient(table, credential), new QueueServiceClient(queue, credential),
            taskHub, () => new StorageAccountClientProvider(blob, queue, table, credential));
    }
}

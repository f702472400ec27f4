using Azure.Core;
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

    public static StorageClients FromConnectionString(string connectionString, string taskHub)
        => new(new BlobServiceClient(connectionString), new TableServiceClient(connectionString), new QueueServiceClient(connectionString),
            taskHub, () => new StorageAccountClientProvider(connectionString));

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

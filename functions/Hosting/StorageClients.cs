using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Serverless.Durable.AzureStorage;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The app's storage account: a connection string locally (Azurite), or the account name with a managed identity in
/// Azure (<c>AzureWebJobsStorage__accountName</c>, DefaultAzureCredential), never account keys there.
/// </summary>
public sealed class StorageClients
{
    private StorageClients(BlobServiceClient blobs, TableServiceClient tables, QueueServiceClient queues, AzureStorageBackendOptions durable)
    {
        Blobs = blobs;
        Tables = tables;
        Queues = queues;
        Durable = durable;
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public AzureStorageBackendOptions Durable { get; }

    public static StorageClients FromConnectionString(string connectionString, string taskHub)
        => new(new BlobServiceClient(connectionString), new TableServiceClient(connectionString), new QueueServiceClient(connectionString),
            new AzureStorageBackendOptions(taskHub) { ConnectionString = connectionString });

    public static StorageClients FromAccountName(string accountName, string taskHub, TokenCredential? credential = null)
    {
        credential ??= new DefaultAzureCredential();
        var blob = new Uri($"https://{accountName}.blob.core.windows.net");
        var queue = new Uri($"https://{accountName}.queue.core.windows.net");
        var table = new Uri($"https://{accountName}.table.core.windows.net");
        return new(new BlobServiceClient(blob, credential), new TableServiceClient(table, credential), new QueueServiceClient(queue, credential),
            new AzureStorageBackendOptions(taskHub) { BlobServiceUri = blob, QueueServiceUri = queue, TableServiceUri = table, Credential = credential });
    }
}

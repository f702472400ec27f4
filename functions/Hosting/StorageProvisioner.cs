namespace Serverless.Functions.Hosting;

/// <summary>Creates the app's containers, tables and queues once (the engine creates its task hub itself) at start-up (idempotent).</summary>
public sealed class StorageProvisioner(StorageClients storage)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        foreach (var container in StorageNames.Containers)
        {
            await storage.Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        foreach (var table in StorageNames.Tables)
        {
            await storage.Tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }

        foreach (var queue in StorageNames.Queues)
        {
            await storage.Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

    }
}

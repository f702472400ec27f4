using Azure.Storage.Blobs.Models;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests;

/// <summary>What tests look at in storage from outside the app, and how they wait for the app to get there.</summary>
public static class StorageProbe
{
    /// <summary>The names of the blobs under <paramref name="prefix"/> in <paramref name="container"/>.</summary>
    public static async Task<List<string>> BlobNamesAsync(StorageClients storage, string container, string prefix)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var names = new List<string>();
        await foreach (var blob in storage.Blobs.GetBlobContainerClient(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>Polls <paramref name="condition"/> every 200 ms until it holds, or throws after 60 s.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The condition was not met within 60 s.");
    }
}

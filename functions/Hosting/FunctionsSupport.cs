using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The <c>[DurableClient]</c> binding gives each invocation its client; the handlers take a <see cref="DurableTaskClient"/>
/// from the container. Under the Functions host the adapter runs the handler with its invocation's client current, and
/// the container hands that one out (<see cref="FunctionsWorker"/>); in the local host the container has the one client.
/// </summary>
public sealed class DurableClientAccessor
{
    private readonly AsyncLocal<DurableTaskClient?> _current = new();

    /// <summary>The invocation's client, when a function adapter set one.</summary>
    public DurableTaskClient? Current => _current.Value;

    public async Task RunAsync(DurableTaskClient client, Func<Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var previous = _current.Value;
        _current.Value = client;
        try
        {
            await handler();
        }
        finally
        {
            _current.Value = previous;
        }
    }
}

/// <summary>The blob-triggered functions: names, and the hand-over of a triggered blob to its upload handler.</summary>
public static class BlobTriggers
{
    public const string BidUpload = "BidUpload";
    public const string ApplicationUpload = "ApplicationUpload";
    public const string MonitoringUpload = "MonitoringUpload";

    /// <summary>Reads the blob's properties (not its content) and hands the version to the handler, as the local scanner does.</summary>
    public static async Task HandleAsync(IBlobUploadHandler handler, BlobClient blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(blob);
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        await handler.HandleAsync(new BlobUpload(blob.BlobContainerName, blob.Name, properties.ETag.ToString(), properties.CreatedOn), cancellationToken);
    }
}

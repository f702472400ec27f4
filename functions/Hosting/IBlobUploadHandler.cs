namespace Serverless.Functions.Hosting;

/// <summary>A blob-triggered function: handles one uploaded blob version; throwing means "try again" (5 tries, then poison).</summary>
public interface IBlobUploadHandler
{
    string Container { get; }

    Task HandleAsync(BlobUpload upload, CancellationToken cancellationToken);
}

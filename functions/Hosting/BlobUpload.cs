namespace Serverless.Functions.Hosting;

/// <summary>A blob that arrived in an upload container: what a blob-triggered function receives.</summary>
public sealed record BlobUpload(string Container, string Name, string ETag, DateTimeOffset CreatedAt);

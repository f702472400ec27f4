namespace Serverless.Functions.Hosting;

/// <summary>
/// One content of an uploaded blob, as an upload handler takes it on: the version it read (size, ETag), the SHA-256 of
/// its bytes, and the archive copy it is kept under. Submissions are keyed on <see cref="Sha256"/>, not the ETag.
/// </summary>
public sealed record UploadedContent(string Container, string Name, long Size, string ETag, string Sha256, string ArchiveBlob);

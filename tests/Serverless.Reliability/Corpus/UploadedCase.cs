using Azure;
using Serverless.Spreadsheets.Testing;

namespace Serverless.Reliability.Corpus;

/// <summary>
/// A case as sent: its container, size and MD5 (its bytes are dropped once uploaded), and the blob version storage
/// made of it — or why storage would not take it.
/// </summary>
internal sealed record UploadedCase(HostileCase Case, string Container, long Size, byte[] Md5, ETag? ETag, string? StorageRefusal);

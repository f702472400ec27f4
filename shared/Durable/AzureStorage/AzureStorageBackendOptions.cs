using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Durable.AzureStorage;

/// <summary>
/// Where a task hub lives: a connection string (Azurite, local) or the account's service URIs with a managed identity
/// credential (Azure). <see cref="TaskHub"/> prefixes every table, queue and container (letters and digits).
/// </summary>
public sealed record AzureStorageBackendOptions(string TaskHub)
{
    public string? ConnectionString { get; init; }

    public Uri? BlobServiceUri { get; init; }

    public Uri? QueueServiceUri { get; init; }

    public Uri? TableServiceUri { get; init; }

    public TokenCredential? Credential { get; init; }

    public const int DefaultControlQueueCount = 4;

    public int ControlQueueCount { get; init; } = DefaultControlQueueCount;

    /// <summary>Extra pipeline policies on every client (request counting, fault injection).</summary>
    public IReadOnlyList<HttpPipelinePolicy> Policies { get; init; } = [];
}

using Azure.Core.Pipeline;

namespace Serverless.Functions.Hosting;

/// <summary>
/// What a benchmark may change in the local host: the Durable settings (null: host.json's) and policies put on every
/// storage client, the app's and the engine's, per retry.
/// </summary>
public sealed record LocalHostTuning(DurableHubSettings? Hub = null, IReadOnlyList<HttpPipelinePolicy>? StoragePolicies = null);

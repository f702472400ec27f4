namespace Serverless.Durable.Storage;

public sealed record InstancePage(IReadOnlyList<InstanceState> Instances, string? ContinuationToken);

namespace Serverless.Durable;

/// <summary>What an activity knows about its call: which task of which instance it runs for.</summary>
public sealed record TaskActivityContext(string Name, string InstanceId, int TaskId, CancellationToken CancellationToken);

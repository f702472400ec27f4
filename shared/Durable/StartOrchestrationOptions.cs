namespace Serverless.Durable;

/// <summary>Options for starting an instance: its id (a new GUID when null) and a start time (now when null).</summary>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);

using Serverless.Durable.Messaging;

namespace Serverless.Durable.Storage;

/// <summary>A message to send after a commit, visible from <see cref="VisibleAt"/> (timers, delayed starts).</summary>
public sealed record OutboxMessage(WorkMessage Message, DateTimeOffset? VisibleAt = null);

using Serverless.Durable.History;
using Serverless.Durable.Messaging;

namespace Serverless.Durable.Replay;

/// <summary>Something a step newly scheduled: the history event that records it and the message that carries it out.</summary>
internal sealed record ScheduledAction(HistoryEvent Event, WorkMessage Message, DateTimeOffset? VisibleAt);

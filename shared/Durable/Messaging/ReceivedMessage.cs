namespace Serverless.Durable.Messaging;

/// <summary>A message taken from a queue: the backend's receipt to delete or release it, and how often it was dequeued.</summary>
public sealed record ReceivedMessage(WorkMessage Message, string Queue, string ReceiptId, string PopReceipt, long DequeueCount);

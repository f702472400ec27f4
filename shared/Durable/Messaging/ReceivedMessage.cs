namespace Serverless.Durable.Messaging;

/// <summary>A message taken from a queue: the backend's receipt to delete or release it, and how often it was dequeued.</summary>
public sealed record ReceivedMessage(WorkMessage Message, string Queue, string ReceiptId, string PopReceipt, long DequeueCount)
{
    /// <summary>Marks a message an Azure Functions queue trigger delivered: the Functions host deletes it on success and retries it on failure.</summary>
    public const string HostOwnedPrefix = "host:";

    public bool IsHostOwned => Queue.StartsWith(HostOwnedPrefix, StringComparison.Ordinal);
}

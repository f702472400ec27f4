using Serverless.Durable.Messaging;

namespace Serverless.Durable.InMemory;

/// <summary>A queue with visibility timeouts, pop receipts and dequeue counts, as Azure Storage queues behave.</summary>
internal sealed class InMemoryQueue(string name, TimeProvider time)
{
    private readonly List<Entry> _entries = [];
    private long _sequence;

    public string Name { get; } = name;

    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    public void Add(WorkMessage message, DateTimeOffset visibleAt)
    {
        lock (_entries)
        {
            _entries.Add(new Entry((++_sequence).ToString(System.Globalization.CultureInfo.InvariantCulture), message) { VisibleAt = visibleAt });
        }
    }

    public IReadOnlyList<ReceivedMessage> Receive(int max, TimeSpan visibility)
    {
        var now = time.GetUtcNow();
        lock (_entries)
        {
            var taken = new List<ReceivedMessage>();
            foreach (var entry in _entries.Where(e => e.VisibleAt <= now).Take(max))
            {
                entry.VisibleAt = now + visibility;
                entry.DequeueCount++;
                entry.PopReceipt = Guid.NewGuid().ToString("N");
                taken.Add(new ReceivedMessage(entry.Message, Name, entry.Id, entry.PopReceipt, entry.DequeueCount));
            }

            return taken;
        }
    }

    public void Delete(ReceivedMessage received)
    {
        lock (_entries)
        {
            _entries.RemoveAll(e => e.Id == received.ReceiptId && e.PopReceipt == received.PopReceipt);
        }
    }

    public void Release(ReceivedMessage received, TimeSpan delay)
    {
        lock (_entries)
        {
            foreach (var entry in _entries.Where(e => e.Id == received.ReceiptId && e.PopReceipt == received.PopReceipt))
            {
                entry.VisibleAt = time.GetUtcNow() + delay;
            }
        }
    }

    private sealed record Entry(string Id, WorkMessage Message)
    {
        public DateTimeOffset VisibleAt { get; set; }

        public long DequeueCount { get; set; }

        public string PopReceipt { get; set; } = string.Empty;
    }
}

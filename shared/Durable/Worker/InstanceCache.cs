using System.Collections.Concurrent;
using Serverless.Durable.Storage;

namespace Serverless.Durable.Worker;

/// <summary>
/// The instances this worker committed last, so a step needs no read when nobody else touched the instance:
/// a stale entry only costs a failed commit (ETag), after which it is dropped and the instance reloaded.
/// </summary>
internal sealed class InstanceCache(int capacity)
{
    private readonly ConcurrentDictionary<string, InstanceRecord> _records = new(StringComparer.Ordinal);

    public bool TryGet(string instanceId, out InstanceRecord record) => _records.TryGetValue(instanceId, out record!);

    public void Put(InstanceRecord record)
    {
        if (_records.Count >= capacity)
        {
            _records.Clear();
        }

        _records[record.State.InstanceId] = record;
    }

    public void Forget(string instanceId) => _records.TryRemove(instanceId, out _);
}

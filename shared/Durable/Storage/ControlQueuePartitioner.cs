namespace Serverless.Durable.Storage;

/// <summary>Which control queue an instance's messages go to: a stable hash (FNV-1a) of its id, the same in every process.</summary>
public static class ControlQueuePartitioner
{
    public static int PartitionOf(string instanceId, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var hash = 2166136261u;
        foreach (var c in instanceId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % (uint)partitionCount);
    }
}

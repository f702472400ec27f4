namespace Serverless.Durable.Storage;

/// <summary>Another worker committed the instance first (stale ETag), or the instance to create already exists.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(string instanceId, Exception? innerException = null)
        : base($"Instance '{instanceId}' was changed by another worker; this step is abandoned and its message will reappear.", innerException)
    {
    }

    public ConcurrencyConflictException()
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }
}

namespace Serverless.Durable;

/// <summary>Starting an instance id that is already pending, running or suspended is refused.</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"Orchestration instance '{instanceId}' already exists with status {status}; it must finish or be purged before that id can be started again.")
    {
        InstanceId = instanceId;
    }

    public OrchestrationAlreadyExistsException()
    {
        InstanceId = string.Empty;
    }

    public OrchestrationAlreadyExistsException(string message)
        : base(message)
    {
        InstanceId = string.Empty;
    }

    public OrchestrationAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
        InstanceId = string.Empty;
    }

    public string InstanceId { get; }
}

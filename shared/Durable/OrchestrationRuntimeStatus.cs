namespace Serverless.Durable;

/// <summary>Where an orchestration instance stands, as Microsoft.DurableTask names it.</summary>
public enum OrchestrationRuntimeStatus
{
    Pending,
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Terminated,
    Suspended,
}

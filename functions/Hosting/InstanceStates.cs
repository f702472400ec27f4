using Microsoft.DurableTask.Client;

namespace Serverless.Functions.Hosting;

/// <summary>What an instance's state means to a caller with news for it.</summary>
public static class InstanceStates
{
    /// <summary>
    /// Whether the instance will still hear an event raised now: running, suspended, or started but not yet picked up
    /// (Pending). The SDK's <c>IsRunning</c> leaves out Pending, so news raised just after a start would be dropped.
    /// </summary>
    public static bool WillHearEvents(this OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;
    }
}

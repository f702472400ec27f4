using System.Text.Json;
using Microsoft.DurableTask;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Waiting for an external event without letting its payload fail the workflow. The SDK deserializes a payload as the
/// waited type while it delivers the event, outside the orchestrator's code: one that does not fit would fail the
/// whole instance. So the wait takes raw JSON and reads it here, where a payload that is not a <typeparamref name="T"/>
/// is logged and refused (null) and the workflow goes on.
/// </summary>
public static class OrchestrationEvents
{
    public static async Task<T?> WaitForEventAsync<T>(this TaskOrchestrationContext context, string eventName) where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var payload = await context.WaitForExternalEvent<JsonElement>(eventName);
        try
        {
            return payload.Deserialize<T>(Workflows.Json);
        }
        catch (JsonException error)
        {
            context.CreateReplaySafeLogger(typeof(OrchestrationEvents)).LogWarning("Refused a {Event} event of {Instance} that is not a {Type}: {Problem}",
                eventName, context.InstanceId, typeof(T).Name, error.Message);
            return null;
        }
    }

    /// <summary>Waits for a signal: any payload, or none, is the same signal.</summary>
    public static Task WaitForSignalAsync(this TaskOrchestrationContext context, string eventName)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.WaitForExternalEvent<JsonElement>(eventName);
    }
}

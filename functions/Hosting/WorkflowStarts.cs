using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Functions.Hosting;

/// <summary>An instance id is taken: a workflow of that id exists in some state (running, completed, failed, terminated).</summary>
public sealed class OrchestrationAlreadyExistsException(string instanceId, string detail)
    : InvalidOperationException($"An orchestration with id '{instanceId}' already exists ({detail}).")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>
/// Starting a workflow whose id must be new. The Azure Storage provider would replace an existing instance of the same
/// id by default; here an id already used, in any state, is refused: first by reading the instance, then — for two
/// starts racing — by asking the engine to dedupe on every status.
/// </summary>
public static class WorkflowStarts
{
    private static readonly IReadOnlyList<string> EveryStatus = [.. Enum.GetNames<OrchestrationRuntimeStatus>()];

    /// <summary>Starts <paramref name="name"/> as <paramref name="instanceId"/>, or throws <see cref="OrchestrationAlreadyExistsException"/>.</summary>
    public static async Task StartNewAsync(this DurableTaskClient client, TaskName name, object? input, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is { } existing)
        {
            throw new OrchestrationAlreadyExistsException(instanceId, existing.RuntimeStatus.ToString());
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId) { DedupeStatuses = EveryStatus }, cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.AlreadyExists)
        {
            throw new OrchestrationAlreadyExistsException(instanceId, error.Status.Detail);
        }
    }
}

using Serverless.Durable.Messaging;
using Serverless.Durable.Storage;

namespace Serverless.Durable;

/// <summary>Starts, queries and controls orchestration instances from outside them (triggers, HTTP handlers, tests).</summary>
public sealed class DurableTaskClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly IDurableBackend _backend;
    private readonly TimeProvider _time;

    public DurableTaskClient(IDurableBackend backend, TimeProvider? time = null)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _time = time ?? TimeProvider.System;
    }

    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var existing = await _backend.GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (!existing.IsTerminal)
            {
                throw new OrchestrationAlreadyExistsException(instanceId, existing.Status);
            }

            await _backend.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        var executionId = Guid.NewGuid().ToString("N");
        var payload = DurableJson.Serialize(input);
        var start = new WorkMessage($"{instanceId}|{executionId}|start", WorkMessageKind.ExecutionStarted, instanceId)
        {
            ExecutionId = executionId, Name = orchestratorName, Payload = payload,
        };
        var state = new InstanceState(instanceId, orchestratorName, executionId, OrchestrationRuntimeStatus.Pending, now, now) { Input = payload };
        var outbox = new OutboxMessage(start, options?.StartAt);
        string etag;
        try
        {
            etag = await _backend.CommitAsync(new InstanceCommit(state, null, [], [outbox], NewExecution: true), cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException conflict)
        {
            // A retried write whose first response was lost conflicts with itself: the execution id tells it from a rival start.
            var landed = await _backend.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (landed is null || landed.State.ExecutionId != executionId)
            {
                throw new OrchestrationAlreadyExistsException($"Orchestration instance '{instanceId}' was started by someone else at the same moment.", conflict);
            }

            etag = landed.ETag;
        }

        await _backend.SendAsync(outbox, cancellationToken).ConfigureAwait(false);
        await _backend.MarkOutboxSentAsync(instanceId, etag, cancellationToken).ConfigureAwait(false);
        await _backend.UpdateIndexAsync(state, cancellationToken).ConfigureAwait(false);
        return instanceId;
    }

    /// <summary>Raises an event; an instance that is not waiting yet buffers it, in order.</summary>
    public async Task RaiseEventAsync(string instanceId, string eventName, object? eventData = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await RequireAsync(instanceId, cancellationToken).ConfigureAwait(false);
        await SendControlAsync(instanceId, WorkMessageKind.EventRaised, eventName, DurableJson.Serialize(eventData), cancellationToken).ConfigureAwait(false);
    }

    public async Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        await RequireAsync(instanceId, cancellationToken).ConfigureAwait(false);
        await SendControlAsync(instanceId, WorkMessageKind.Terminate, null, DurableJson.Serialize(reason), cancellationToken).ConfigureAwait(false);
    }

    public async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        await RequireAsync(instanceId, cancellationToken).ConfigureAwait(false);
        await SendControlAsync(instanceId, WorkMessageKind.Suspend, null, DurableJson.Serialize(reason), cancellationToken).ConfigureAwait(false);
    }

    public async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        await RequireAsync(instanceId, cancellationToken).ConfigureAwait(false);
        await SendControlAsync(instanceId, WorkMessageKind.Resume, null, DurableJson.Serialize(reason), cancellationToken).ConfigureAwait(false);
    }

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var state = await _backend.GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return state is null ? null : new OrchestrationMetadata(state);
    }

    public Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, CancellationToken cancellationToken = default)
        => WaitUntilAsync(instanceId, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellationToken);

    public Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellationToken = default)
        => WaitUntilAsync(instanceId, m => m.IsCompleted, cancellationToken);

    /// <summary>Purges one finished instance: its state, history and index entry. A running instance is not purged.</summary>
    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var state = await _backend.GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (state is null || !state.IsTerminal)
        {
            return false;
        }

        return await _backend.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Purges every finished instance the filter matches; returns how many.</summary>
    public async Task<int> PurgeInstancesAsync(InstanceQuery filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var purged = 0;
        await foreach (var instance in QueryAllAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            if (instance.IsCompleted && await PurgeInstanceAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false))
            {
                purged++;
            }
        }

        return purged;
    }

    public async Task<(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken)> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        var page = await _backend.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        return (page.Instances.Select(s => new OrchestrationMetadata(s)).ToList(), page.ContinuationToken);
    }

    public async IAsyncEnumerable<OrchestrationMetadata> QueryAllAsync(InstanceQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var next = query;
        while (true)
        {
            var (instances, token) = await QueryInstancesAsync(next, cancellationToken).ConfigureAwait(false);
            foreach (var instance in instances)
            {
                yield return instance;
            }

            if (token is null)
            {
                yield break;
            }

            next = next with { ContinuationToken = token };
        }
    }

    private async Task<OrchestrationMetadata> WaitUntilAsync(string instanceId, Func<OrchestrationMetadata, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var metadata = await GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (metadata is not null && done(metadata))
            {
                return metadata;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RequireAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (await _backend.GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists.");
        }
    }

    private Task SendControlAsync(string instanceId, WorkMessageKind kind, string? name, string? payload, CancellationToken cancellationToken)
        => _backend.SendAsync(new OutboxMessage(new WorkMessage(Guid.NewGuid().ToString("N"), kind, instanceId) { Name = name, Payload = payload }), cancellationToken);
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Serverless.Durable.History;
using Serverless.Durable.Messaging;
using Serverless.Durable.Replay;

namespace Serverless.Durable;

/// <summary>
/// What an orchestrator talks to, shaped like Microsoft.DurableTask's context. The orchestrator is re-run from
/// history at every step, so everything it does must come through here: time, ids, calls, waits.
/// </summary>
public sealed class TaskOrchestrationContext
{
    private readonly ReplayState _replay;

    internal TaskOrchestrationContext(ReplayState replay, string instanceId, string name, string executionId)
    {
        _replay = replay;
        InstanceId = instanceId;
        Name = name;
        ExecutionId = executionId;
    }

    public string InstanceId { get; }

    public string Name { get; }

    internal string ExecutionId { get; }

    /// <summary>True while the orchestrator re-runs steps already in history (side effects like logs are repeated).</summary>
    public bool IsReplaying => _replay.IsReplaying;

    /// <summary>The time of the step being run, from history: the same on every replay.</summary>
    public DateTime CurrentUtcDateTime => _replay.CurrentUtc.UtcDateTime;

    public Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
        => Typed<TResult>(WithRetry(options?.Retry, () => _replay.ScheduleActivity(name, DurableJson.Serialize(input))));

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null)
        => WithRetry(options?.Retry, () => _replay.ScheduleActivity(name, DurableJson.Serialize(input)));

    public Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, SubOrchestrationOptions? options = null)
        => Typed<TResult>(WithRetry(options?.Retry, () => _replay.ScheduleSubOrchestration(name, options?.InstanceId, DurableJson.Serialize(input))));

    public Task CallSubOrchestratorAsync(string name, object? input = null, SubOrchestrationOptions? options = null)
        => WithRetry(options?.Retry, () => _replay.ScheduleSubOrchestration(name, options?.InstanceId, DurableJson.Serialize(input)));

    /// <summary>A durable timer: survives restarts; timers longer than a queue's 7-day limit are re-armed.</summary>
    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
        => _replay.ScheduleTimer(new DateTimeOffset(DateTime.SpecifyKind(fireAt, DateTimeKind.Utc)), cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
        => CreateTimer(CurrentUtcDateTime + delay, cancellationToken);

    /// <summary>Waits for an event raised by a client; events raised earlier were buffered, in order.</summary>
    public Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
        => Typed<T>(_replay.WaitForEvent(eventName, cancellationToken));

    /// <summary>Waits for an event or a timeout; on timeout throws <see cref="TaskCanceledException"/>, as Durable Functions does.</summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        using var timerCancellation = new CancellationTokenSource();
        using var eventCancellation = new CancellationTokenSource();
        var timer = CreateTimer(timeout, timerCancellation.Token);
        var received = WaitForExternalEvent<T>(eventName, eventCancellation.Token);
        var winner = await Task.WhenAny(received, timer);
        if (winner == received)
        {
            timerCancellation.Cancel();
            return await received;
        }

        eventCancellation.Cancel();
        throw new TaskCanceledException($"No '{eventName}' event arrived within {timeout}.");
    }

    /// <summary>Restarts the orchestration with fresh history and a new input once this run returns.</summary>
    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
        => _replay.ContinueAsNew(DurableJson.Serialize(newInput), preserveUnprocessedEvents);

    /// <summary>A name-based (v5-style) GUID from the instance, execution and a counter: the same on every replay.</summary>
    public Guid NewGuid()
    {
        var name = $"{InstanceId}/{ExecutionId}/{_replay.NextGuidCounter()}";
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public void SetCustomStatus(object? customStatus) => _replay.CustomStatus = DurableJson.Serialize(customStatus);

    public ILogger CreateReplaySafeLogger(ILogger logger) => new ReplaySafeLogger(logger, this);

    private static async Task<T> Typed<T>(Task<string?> task) => DurableJson.Deserialize<T>(await task)!;

    private async Task<string?> WithRetry(RetryPolicy? retry, Func<Task<string?>> schedule)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await schedule();
            }
            catch (TaskFailedException failure) when (retry is not null && attempt < retry.MaxNumberOfAttempts && retry.Handle(failure.FailureDetails))
            {
                await CreateTimer(retry.DelayAfter(attempt), CancellationToken.None);
            }
        }
    }
}

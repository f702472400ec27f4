namespace Serverless.Durable;

/// <summary>The orchestrators and activities a worker can run, by name.</summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, OrchestratorFunc> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ActivityFunc> _activities = new(StringComparer.OrdinalIgnoreCase);

    public DurableTaskRegistry AddOrchestrator<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        _orchestrators.Add(name, async (context, input) =>
            DurableJson.Serialize(await orchestrator(context, DurableJson.Deserialize<TInput>(input)!)));
        return this;
    }

    public DurableTaskRegistry AddActivity<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        _activities.Add(name, async (context, input) =>
            DurableJson.Serialize(await activity(context, DurableJson.Deserialize<TInput>(input)!).ConfigureAwait(false)));
        return this;
    }

    public DurableTaskRegistry AddActivity<TInput, TOutput>(string name, Func<TInput, TOutput> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivity<TInput, TOutput>(name, (_, input) => Task.FromResult(activity(input)));
    }

    public bool TryGetOrchestrator(string name, out OrchestratorFunc orchestrator) => _orchestrators.TryGetValue(name, out orchestrator!);

    public bool TryGetActivity(string name, out ActivityFunc activity) => _activities.TryGetValue(name, out activity!);
}

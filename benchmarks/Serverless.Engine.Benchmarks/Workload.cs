using Microsoft.DurableTask;
using Serverless.Functions.Hosting;

namespace Serverless.Engine.Benchmarks;

/// <summary>The benchmark's orchestrations and its one trivial activity.</summary>
internal static class Workload
{
    public const string Sequence = "BenchSequence";
    public const string FanOut = "BenchFanOut";
    private const string Step = "BenchStep";

    /// <summary>Registered as the app registers its own (the app's <see cref="Orchestrator{TInput, TOutput}"/> wrapper).</summary>
    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestrator(Sequence, new Orchestrator<int, int>(SequenceAsync));
        registry.AddOrchestrator(FanOut, new Orchestrator<int, int>(FanOutAsync));
        registry.AddActivityFunc<int, int>(Step, (_, value) => value + 1);
    }

    /// <summary>Calls the activity <paramref name="steps"/> times in a row, each on the previous result.</summary>
    private static async Task<int> SequenceAsync(TaskOrchestrationContext context, int steps)
    {
        var value = 0;
        for (var i = 0; i < steps; i++)
        {
            value = await context.CallActivityAsync<int>(Step, value);
        }

        return value;
    }

    /// <summary>Schedules <paramref name="width"/> activities at once and waits for all of them.</summary>
    private static async Task<int> FanOutAsync(TaskOrchestrationContext context, int width)
    {
        var calls = new List<Task<int>>(width);
        for (var i = 0; i < width; i++)
        {
            calls.Add(context.CallActivityAsync<int>(Step, i));
        }

        return (await Task.WhenAll(calls)).Sum();
    }
}

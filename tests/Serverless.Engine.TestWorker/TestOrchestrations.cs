using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Serverless.Functions.Hosting;

namespace Serverless.Engine.TestWorker;

/// <summary>
/// The crash and two-host tests' workflows: a 200-step chain then a 100-wide fan-out, and small 5-step ones. Each
/// activity applies a side effect keyed by its instance and step (insert-if-absent: a re-run changes nothing, as the
/// app's activities do) and logs every execution under a fresh key, so a test sees both what was applied and how often
/// the engine ran it.
/// </summary>
public static class TestOrchestrations
{
    public const string LongChain = "Test_LongChain";
    public const string Small = "Test_Small";
    public const string Add = "Test_Add";
    public const string Square = "Test_Square";
    public const string EffectsTable = "testeffects";
    public const string ExecutionsTable = "testexecutions";

    /// <summary>Σ1..200 + Σ1²..100².</summary>
    public const long LongChainOutput = 20_100 + 338_350;

    public sealed record Step(string InstanceId, string Key, long[] Values);

    public static void Register(DurableTaskRegistry registry, TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(tables);
        var effects = tables.GetTableClient(EffectsTable);
        var executions = tables.GetTableClient(ExecutionsTable);
        async Task<long> ApplyAsync(Step step, long result)
        {
            await executions.AddEntityAsync(new TableEntity(step.InstanceId, $"{step.Key}-{Guid.NewGuid():N}"));
            try
            {
                await effects.AddEntityAsync(new TableEntity(step.InstanceId, step.Key) { ["Result"] = result });
            }
            catch (RequestFailedException exists) when (exists.Status == 409)
            {
                // Applied by an earlier run of this activity: nothing changes.
            }

            return result;
        }

        registry.AddActivityFunc<Step, long>(Add, (_, step) => ApplyAsync(step, step.Values[0] + step.Values[1]));
        registry.AddActivityFunc<Step, long>(Square, (_, step) => ApplyAsync(step, step.Values[0] * step.Values[0]));
        registry.AddOrchestrator(LongChain, new Orchestrator<int, long>(async (context, steps) =>
        {
            long total = 0;
            for (var i = 1; i <= steps; i++)
            {
                total = await context.CallActivityAsync<long>(Add, new Step(context.InstanceId, $"add-{i:D3}", [total, i]));
            }

            var squares = await Task.WhenAll(Enumerable.Range(1, 100).Select(i =>
                context.CallActivityAsync<long>(Square, new Step(context.InstanceId, $"square-{i:D3}", [i]))));
            return total + squares.Sum();
        }));
        registry.AddOrchestrator(Small, new Orchestrator<int, long>(async (context, seed) =>
        {
            long total = seed;
            for (var i = 0; i < 5; i++)
            {
                total = await context.CallActivityAsync<long>(Add, new Step(context.InstanceId, $"add-{i}", [total, i]));
            }

            return total;
        }));
    }
}

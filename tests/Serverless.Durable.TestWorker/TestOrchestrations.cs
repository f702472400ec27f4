using Serverless.Durable;

namespace Serverless.Durable.TestWorker;

/// <summary>The orchestrations the crash and two-worker tests run in separate worker processes, with known outputs.</summary>
public static class TestOrchestrations
{
    public const string LongChain = "Test.LongChain";
    public const string Small = "Test.Small";

    /// <summary>200 sequential additions (0 + 1 + … + 200 = 20,100) then a 100-wide fan-out of squares (338,350).</summary>
    public const long LongChainOutput = 20_100 + 338_350;

    public static DurableTaskRegistry Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddActivity<long[], long>("Test.Add", pair => pair[0] + pair[1])
            .AddActivity<long, long>("Test.Square", x => x * x)
            .AddOrchestrator<int, long>(LongChain, async (context, steps) =>
            {
                long total = 0;
                for (var i = 1; i <= steps; i++)
                {
                    total = await context.CallActivityAsync<long>("Test.Add", new[] { total, i });
                }

                var squares = await Task.WhenAll(Enumerable.Range(1, 100).Select(i => context.CallActivityAsync<long>("Test.Square", (long)i)));
                return total + squares.Sum();
            })
            .AddOrchestrator<int, long>(Small, async (context, seed) =>
            {
                long total = seed;
                for (var i = 0; i < 5; i++)
                {
                    total = await context.CallActivityAsync<long>("Test.Add", new[] { total, (long)i });
                }

                return total;
            });
    }
}

using Microsoft.Extensions.DependencyInjection;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// A start that fails after the embedded Azurite is up leaves no Azurite behind (issue 18). Alone in its collection,
/// so the Azurite processes this test process owns before and after are its own doing.
/// </summary>
[Collection(nameof(AllocationMeasuring))]
public sealed class FailedStartTests
{
    [Fact]
    public async Task A_start_failing_after_the_embedded_Azurite_started_disposes_it()
    {
        var before = OwnAzurites();

        // Development validates the container on build: a service nobody can make fails the build, after Azurite is up.
        await Assert.ThrowsAnyAsync<Exception>(() => ServerlessApp.BuildAsync(
            ["--urls", "http://127.0.0.1:0", "--Azurite:InMemory", "true", "--Logging:LogLevel:Default", "None",
                $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", TestApps.LedgerKey, .. TestTokens.AppArguments],
            builder => builder.Services.AddSingleton<Unbuildable>()));

        for (var attempt = 0; attempt < 50 && OwnAzurites().Except(before).Any(); attempt++)
        {
            await Task.Delay(100);
        }

        Assert.Empty(OwnAzurites().Except(before));
    }

    /// <summary>The Azurite (node) processes whose parent is this test process.</summary>
    private static HashSet<int> OwnAzurites()
    {
        var own = new HashSet<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                if (parent == Environment.ProcessId && File.ReadAllText(Path.Combine(folder, "cmdline")).Contains("azurite", StringComparison.Ordinal))
                {
                    own.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return own;
    }

    private sealed class Unbuildable(INotRegistered missing)
    {
        public INotRegistered Missing { get; } = missing;
    }

    private interface INotRegistered;
}

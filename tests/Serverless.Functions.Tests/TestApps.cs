using Microsoft.AspNetCore.Builder;
using Serverless.Azurite;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests;

/// <summary>The whole app on a free port over the fixture's Azurite, with its own task hub and a fast upload scan.</summary>
public static class TestApps
{
    /// <summary>The ledger key of every app this test run starts: random per run (tests sharing an Azurite share its ledger).</summary>
    public static string LedgerKey { get; } = Serverless.Functions.Security.Secrets.NewKey();

    public static async Task<WebApplication> StartAsync(AzuriteFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var app = await ServerlessApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--{AppSettings.StorageConnection}", fixture.Azurite.ConnectionString,
            $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", TestApps.LedgerKey,
            $"--{AppSettings.TaskHub}", UniqueNames.Unique("hub"),
            $"--{AppSettings.UploadScanInterval}", "200",
            $"--{Serverless.Functions.Bidding.BiddingOptions.DeliveryGraceSetting}", "5",
            "--Logging:LogLevel:Default", "Warning",
            .. TestTokens.AppArguments,
        ]);
        await app.StartAsync();
        return app;
    }
}

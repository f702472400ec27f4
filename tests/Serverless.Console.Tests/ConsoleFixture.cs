using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Serverless.Azurite;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;

namespace Serverless.Console.Tests;

/// <summary>
/// The app on Azurite and Debian's Chromium driven by Playwright (headless, --no-sandbox). The browser is
/// <c>CHROMIUM_PATH</c> or /usr/bin/chromium (<c>apt-get install chromium</c>, which .ci/run does); Playwright
/// downloads nothing. Screenshots go to artifacts/screenshots for a reviewer.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    /// <summary>The key this run's app signs and checks development tokens with.</summary>
    public static string SigningKey { get; } = Serverless.Functions.Security.Secrets.NewKey();

    private AzuriteInstance? _azurite;
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Root { get; private set; } = null!;

    public WebApplication App => _app!;

    public string Screenshots { get; } = Path.Combine(AzuriteInstance.FindRepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Screenshots);
        _azurite = await AzuriteInstance.StartAsync();
        _app = await ServerlessApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--{AppSettings.StorageConnection}", _azurite.ConnectionString,
            $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", Serverless.Functions.Security.Secrets.NewKey(),
            $"--{AppSettings.TaskHub}", UniqueNames.Unique("hub"),
            $"--{AppSettings.UploadScanInterval}", "200",
            $"--{Serverless.Functions.Bidding.BiddingOptions.DeliveryGraceSetting}", "5",
            "--Logging:LogLevel:Default", "Warning",
            .. SignInSetup.DevelopmentArguments(SigningKey),
        ]);
        await _app.StartAsync();
        Root = new Uri(_app.Urls.First() + "/");
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {chromium}: run `apt-get install chromium` or set CHROMIUM_PATH.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

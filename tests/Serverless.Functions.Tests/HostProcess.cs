using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests;

/// <summary>The function app running as its own process (as in production), so a test can SIGKILL and restart it.</summary>
public sealed class HostProcess : IDisposable
{
    private readonly string _connectionString;
    private readonly string _taskHub;
    private Process? _process;

    private readonly IReadOnlyDictionary<string, string> _settings;

    public HostProcess(string connectionString, string taskHub, IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        _connectionString = connectionString;
        _taskHub = taskHub;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "Serverless.Functions.dll"),
            $"--{AppSettings.StorageConnection}", _connectionString,
            $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", TestApps.LedgerKey,
            $"--{AppSettings.TaskHub}", _taskHub,
            $"--{AppSettings.UploadScanInterval}", "200",
            $"--{Serverless.Functions.Bidding.BiddingOptions.DeliveryGraceSetting}", "5",
            "--Logging:LogLevel:Default", "Warning",
            .. TestTokens.AppArguments,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _settings)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString());

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the function app.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = BaseAddress };
        for (var attempt = 0; attempt < 150; attempt++)
        {
            try
            {
                if ((await http.GetAsync("/")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("The function app did not start listening within 30 s.");
    }

    /// <summary>SIGKILL: no graceful shutdown, messages in flight and half-done steps left behind.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();
}

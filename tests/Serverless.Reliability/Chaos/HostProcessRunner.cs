using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Serverless.Functions.Hosting;

namespace Serverless.Reliability.Chaos;

/// <summary>One function-app process (as in production) on a task hub, which the harness may SIGKILL and start again.</summary>
public sealed class HostProcessRunner(string connectionString, string taskHub) : IDisposable
{
    private Process? _process;

    /// <summary>The ledger key of every host this chaos run starts: random per run, shared by the hosts of one ledger.</summary>
    public static string LedgerKey { get; } = Serverless.Functions.Security.Secrets.NewKey();

    public int Port { get; } = FreePort();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public bool IsRunning => _process is { HasExited: false };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "Serverless.Functions.dll"),
            $"--{AppSettings.StorageConnection}", connectionString,
            $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", LedgerKey,
            $"--{AppSettings.TaskHub}", taskHub,
            $"--{AppSettings.UploadScanInterval}", "300",
            $"--{Serverless.Functions.Bidding.BiddingOptions.DeliveryGraceSetting}", "30",
            "--urls", BaseAddress.ToString(),
            "--Logging:LogLevel:Default", "Error",
            .. RunTokens.AppArguments,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the function app.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/", UriKind.Relative), cancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet (or storage is restarting under it).
            }

            if (_process.HasExited)
            {
                _process = Process.Start(start) ?? throw new InvalidOperationException("Could not restart the function app.");
                _process.BeginOutputReadLine();
                _process.BeginErrorReadLine();
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new InvalidOperationException($"The function app on port {Port.ToString(CultureInfo.InvariantCulture)} did not start within 60 s.");
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

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

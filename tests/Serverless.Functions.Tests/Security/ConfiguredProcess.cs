using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Serverless.Functions.Tests.Security;

/// <summary>
/// The app as an operator starts it: its own process, configured only through environment variables (none inherited
/// from the test run's own settings), so a test sees exactly what a setting written as <c>A__B</c> or <c>A:B</c> does.
/// </summary>
public sealed class ConfiguredProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _error = new();

    private ConfiguredProcess(IReadOnlyDictionary<string, string> environment)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Serverless.Functions.dll"));
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Authentication", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Ledger", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("AzureWebJobs", StringComparison.OrdinalIgnoreCase) || k.StartsWith("WEBSITE_", StringComparison.OrdinalIgnoreCase)
            || k.EndsWith("_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the function app.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, line) =>
        {
            lock (_error)
            {
                _error.AppendLine(line.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static ConfiguredProcess Start(IReadOnlyDictionary<string, string> environment) => new(environment);

    /// <summary>The exit code of a process expected to refuse to start, within <paramref name="timeout"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits until the app answers on its address (60 s at most), or throws with what it wrote to stderr.</summary>
    public async Task ListeningAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_process.HasExited)
            {
                break;
            }

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

        throw new InvalidOperationException($"The app did not start listening: {Error}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}

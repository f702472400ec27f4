using System.Diagnostics;

namespace Serverless.Durable.Tests.AzureStorage;

/// <summary>A worker running in its own process (the TestWorker program), so a test can kill it as a crash would.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public static async Task<WorkerProcess> StartAsync(string connectionString, string taskHub)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Serverless.Durable.TestWorker.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(program);
        start.ArgumentList.Add(connectionString);
        start.ArgumentList.Add(taskHub);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the test worker.");
        process.BeginErrorReadLine();
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready != "worker started")
        {
            throw new InvalidOperationException($"The test worker did not start: {ready}");
        }

        return new WorkerProcess(process);
    }

    /// <summary>SIGKILL: no clean-up, no flush, exactly what a crashed host leaves behind.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.Azurite;

/// <summary>
/// An Azurite process started from the repository's pinned npm package on free ports, in memory or on disk
/// (so it can be restarted with its data), and stopped with its process tree.
/// </summary>
public sealed partial class AzuriteInstance : IAsyncDisposable
{
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string? _dataFolder;
    private Process? _process;

    private AzuriteInstance(string? dataFolder) => _dataFolder = dataFolder;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>The blob, queue and table endpoints, for a developer's own tools (no key: the account is Azurite's well-known development one).</summary>
    public string Endpoints =>
        $"account {AccountName}: blob http://127.0.0.1:{BlobPort}/{AccountName}, queue http://127.0.0.1:{QueuePort}/{AccountName}, table http://127.0.0.1:{TablePort}/{AccountName}";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>Starts Azurite; <paramref name="dataFolder"/> null keeps everything in memory.</summary>
    public static async Task<AzuriteInstance> StartAsync(string? dataFolder = null, CancellationToken cancellationToken = default)
    {
        var instance = new AzuriteInstance(dataFolder);
        await instance.LaunchAsync(0, 0, 0, cancellationToken).ConfigureAwait(false);
        return instance;
    }

    /// <summary>
    /// Kills Azurite (as a crash would) and starts it again on the same ports and data folder. With
    /// <paramref name="graceful"/> it is stopped with SIGTERM instead, as a storage outage: Azurite saves its metadata
    /// every few seconds, so a SIGKILL can lose writes it already acknowledged, which Azure Storage never does.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default, bool graceful = false)
    {
        if (_dataFolder is null)
        {
            throw new InvalidOperationException("An in-memory Azurite loses its data on restart; start it with a data folder to restart it.");
        }

        if (graceful && _process is { HasExited: false } running)
        {
            using (var term = Process.Start(new ProcessStartInfo("kill", $"-TERM {running.Id}") { UseShellExecute = false }))
            {
                await term!.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            try
            {
                await running.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // It did not stop in time: killed below.
            }
        }

        Kill();
        await LaunchAsync(BlobPort, QueuePort, TablePort, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    /// <summary>The repository root: the nearest folder above this program that holds package.json.</summary>
    public static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "package.json")) && File.Exists(Path.Combine(folder.FullName, "Serverless.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No package.json with Serverless.sln above {AppContext.BaseDirectory}; run from the repository.");
    }

    private async Task LaunchAsync(int blobPort, int queuePort, int tablePort, CancellationToken cancellationToken)
    {
        var root = FindRepositoryRoot();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}; run 'npm ci' in {root}.");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            script, "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
            "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
            "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (_dataFolder is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(_dataFolder);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(_dataFolder);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        _process = process;
        var ports = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (ports.Count < 3)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            if (line is null)
            {
                throw new InvalidOperationException($"Azurite exited before listening: {errors}");
            }

            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
            }
        }

        BlobPort = ports["Blob"];
        QueuePort = ports["Queue"];
        TablePort = ports["Table"];
        _ = DrainAsync(process);
    }

    private static async Task DrainAsync(Process process)
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is not null)
            {
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}

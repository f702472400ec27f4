using System.Diagnostics;
using System.Text.Json;
using Serverless.Azurite;
using Serverless.Durable.AzureStorage;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>scripts/publish.sh produces what zip deploy of a custom-handler app needs: the executable host.json names, and the function folders.</summary>
public sealed class PublishTests
{
    [Fact]
    public async Task Publish_produces_a_self_contained_executable_host_json_and_one_folder_per_function()
    {
        var root = AzuriteInstance.FindRepositoryRoot();
        var output = Path.Combine(Directory.CreateTempSubdirectory("publish").FullName, "functionapp");
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "scripts", "publish.sh"));
        start.ArgumentList.Add(output);
        using var publish = Process.Start(start)!;
        var log = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(publish.ExitCode == 0, await log + await errors);

        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "host.json")));
        var executable = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        Assert.True(File.Exists(Path.Combine(output, executable)), $"{executable} is missing");
        Assert.False(File.Exists(Path.Combine(output, "Serverless.Functions.runtimeconfig.json")) && !File.Exists(Path.Combine(output, "libcoreclr.so")), "the app must be self-contained");
        var expected = FunctionCatalog.Build(AppSettings.DefaultTaskHub, AzureStorageBackendOptions.DefaultControlQueueCount).Select(f => f.Name);
        var folders = Directory.GetDirectories(output).Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(Path.GetFileName);
        Assert.Equal(expected.Order(StringComparer.Ordinal), folders.Order(StringComparer.Ordinal));
    }
}

using System.Text.Json;
using Serverless.Durable.AzureStorage;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>The function.json folders come from the code's function list, so every function has one and nothing else does.</summary>
public sealed class FunctionCatalogTests
{
    [Fact]
    public void Every_function_gets_a_function_json_and_every_runtime_queue_and_upload_container_has_a_trigger()
    {
        var folder = Directory.CreateTempSubdirectory("functions").FullName;
        var catalog = FunctionCatalog.Build("serverless", AzureStorageBackendOptions.DefaultControlQueueCount);

        FunctionCatalog.WriteFunctionFolders(folder, catalog);

        var written = Directory.GetDirectories(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(catalog.Select(f => f.Name).Order(StringComparer.Ordinal), written);
        var queues = new AzureStorageBackend(new AzureStorageBackendOptions("serverless") { ConnectionString = "UseDevelopmentStorage=true" }).QueueNames.Where(q => !q.EndsWith("-poison", StringComparison.Ordinal));
        var triggers = catalog.SelectMany(f => f.Bindings).Where(b => (string)b["type"] == "queueTrigger").Select(b => (string)b["queueName"]);
        Assert.Equal(queues.Order(StringComparer.Ordinal), triggers.Order(StringComparer.Ordinal));
        using var blob = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, FunctionCatalog.BidUpload, "function.json")));
        var binding = blob.RootElement.GetProperty("bindings")[0];
        Assert.Equal("blobTrigger", binding.GetProperty("type").GetString());
        Assert.Equal($"{StorageNames.BidsContainer}/{{name}}", binding.GetProperty("path").GetString());
    }

    [Fact]
    public void Host_json_points_the_custom_handler_at_the_published_executable_and_forwards_http()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Serverless.Azurite.AzuriteInstance.FindRepositoryRoot(), "host.json")));
        var handler = host.RootElement.GetProperty("customHandler");

        Assert.Equal("Serverless.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal(ServerlessApp.HostMaxDequeueCount, host.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("none", host.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("messageEncoding").GetString());
    }
}

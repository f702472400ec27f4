using Serverless.Functions.Demo;
using Serverless.Functions.Hosting;

if (args.Length > 0 && args[0] == "demo")
{
    return await DemoCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "generate-functions")
{
    // Writes the Functions host's function folders from the code's own list (used by scripts/publish.sh).
    var folder = args.Length > 1 ? args[1] : ".";
    var taskHub = args.Length > 2 ? args[2] : AppSettings.DefaultTaskHub;
    FunctionCatalog.WriteFunctionFolders(folder, FunctionCatalog.Build(taskHub, Serverless.Durable.AzureStorage.AzureStorageBackendOptions.DefaultControlQueueCount));
    Console.WriteLine($"Wrote {FunctionCatalog.Build(taskHub, Serverless.Durable.AzureStorage.AzureStorageBackendOptions.DefaultControlQueueCount).Count} function folders to {Path.GetFullPath(folder)}");
    return 0;
}

var app = await ServerlessApp.BuildAsync(args);
await app.RunAsync();
return 0;

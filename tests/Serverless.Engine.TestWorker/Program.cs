using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Engine.TestWorker;
using Serverless.Functions.Hosting;

// A worker process for the crash and two-host tests: the app's engine (LocalDurableEngine: the Azure Storage provider
// behind the SDK's gRPC sidecar, tuned by host.json) serving one task hub, until it is killed.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Serverless.Engine.TestWorker <connection-string> <task-hub>");
    return 2;
}

var storage = StorageClients.FromConnectionString(args[0], args[1]);
await storage.Tables.CreateTableIfNotExistsAsync(TestOrchestrations.EffectsTable);
await storage.Tables.CreateTableIfNotExistsAsync(TestOrchestrations.ExecutionsTable);
using var loggers = LoggerFactory.Create(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
var hub = DurableHubSettings.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"),
    new ConfigurationBuilder().AddInMemoryCollection([new(AppSettings.TaskHub, args[1])]).Build());
await using var engine = await LocalDurableEngine.StartAsync(storage, hub, loggers, CancellationToken.None);
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddDurableTaskWorker(worker =>
{
    worker.UseGrpc(engine.Channel);
    worker.AddTasks(registry => TestOrchestrations.Register(registry, storage.Tables));
    worker.Configure(options => options.DataConverter = Workflows.Converter);
});
using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("worker started");
await host.WaitForShutdownAsync();
return 0;

using Serverless.Durable;
using Serverless.Durable.AzureStorage;
using Serverless.Durable.TestWorker;
using Serverless.Durable.Worker;

// A worker process for the crash and two-worker tests: serves one task hub until it is killed.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Serverless.Durable.TestWorker <connection-string> <task-hub>");
    return 2;
}

var backend = new AzureStorageBackend(new AzureStorageBackendOptions(args[1]) { ConnectionString = args[0] });
var worker = new DurableTaskWorker(backend, TestOrchestrations.Register(new DurableTaskRegistry()), options: new DurableTaskWorkerOptions { MessageVisibility = TimeSpan.FromSeconds(5) });
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
Console.WriteLine("worker started");
await worker.RunAsync(stop.Token);
return 0;

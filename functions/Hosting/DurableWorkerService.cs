using Serverless.Durable.Worker;

namespace Serverless.Functions.Hosting;

/// <summary>The local host's queue triggers for the runtime: polls the control and work-item queues in this process.</summary>
public sealed class DurableWorkerService(DurableTaskWorker worker) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => worker.RunAsync(stoppingToken);
}

using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Serverless.Functions.Bidding;
using Serverless.Functions.Monitoring;
using Serverless.Functions.NewItems;
using Serverless.Functions.ReserveFund;
using Serverless.Functions.Reviews;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Every orchestrator and activity the app runs, registered on a Microsoft.DurableTask registry: the local host's
/// worker runs exactly these, and a test checks each has its one <c>[Function]</c> in the built functions.metadata.
/// </summary>
public static class Workflows
{
    /// <summary>Inputs, outputs, events and custom status as JSON with web defaults (camelCase, case-insensitive).</summary>
    /// <summary>JSON for what the workflows keep in blobs and tables: web defaults, like the engine's payloads.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Inputs, outputs, events and custom status as JSON with web defaults (camelCase, case-insensitive).</summary>
    public static JsonDataConverter Converter { get; } = new(Json);

    /// <summary>The engine's trace and metric sources (the SDK's and the Durable Task Framework's).</summary>
    public static IReadOnlyList<string> TelemetrySources { get; } = ["Microsoft.DurableTask", "DurableTask.Core"];

    /// <summary>Registers the workflows; activities take their services from <paramref name="services"/> and stop with the host.</summary>
    public static void Register(DurableTaskRegistry registry, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(services);
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        CampaignOrchestration.Register(registry);
        services.GetRequiredService<CampaignActivities>().Register(registry, stopping);
        NewItemOrchestration.Register(registry);
        services.GetRequiredService<NewItemActivities>().Register(registry, stopping);
        FundCollectionOrchestration.Register(registry);
        services.GetRequiredService<FundActivities>().Register(registry, stopping);
        ReviewOrchestration.Register(registry);
        services.GetRequiredService<ReviewActivities>().Register(registry, stopping);
        MonitoringOrchestration.Register(registry);
        services.GetRequiredService<MonitoringActivities>().Register(registry, stopping);
    }
}

/// <summary>
/// An orchestrator function as the SDK's <see cref="TaskOrchestrator{TInput, TOutput}"/>. (Registering through
/// <c>AddOrchestratorFunc</c> makes the SDK's analyzers throw on the registration's omitted version argument.)
/// </summary>
public sealed class Orchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> run) : TaskOrchestrator<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => run(context, input);
}

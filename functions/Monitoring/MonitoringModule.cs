using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Domain.Monitoring;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Monitoring;

/// <summary>
/// Monitoring during and evaluation after a price adjustment (DOMAIN.md §6) as one module: its store, activities, upload
/// handler and HTTP API. It relies on what the host registers for bidding (campaign store, scope cache, campaign activities).
/// </summary>
public static class MonitoringModule
{
    public static void AddMonitoring(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(MonitoringParameters.Default);
        services.TryAddSingleton<NotificationOutbox>();
        services.AddSingleton<MonitoringStore>();
        services.AddSingleton<MonitoringActivities>();
        services.AddSingleton<MonitoringUploadFunction>();
        services.AddSingleton<IBlobUploadHandler>(sp => sp.GetRequiredService<MonitoringUploadFunction>());
    }
}

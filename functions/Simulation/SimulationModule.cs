namespace Serverless.Functions.Simulation;

/// <summary>
/// The what-if simulation (DOMAIN.md §6 Before) as one module: its store and runner; its routes are in the route table.
/// It relies on what the host registers for bidding (campaign store, scope cache, workbook reader).
/// </summary>
public static class SimulationModule
{
    public static void AddSimulation(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<SimulationStore>();
        services.AddSingleton<SimulationRunner>();
    }
}

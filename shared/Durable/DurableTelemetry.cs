using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Serverless.Durable;

/// <summary>The runtime's traces (one span per orchestration step and per activity) and metrics, for OpenTelemetry to export.</summary>
public static class DurableTelemetry
{
    public const string Name = "Serverless.Durable";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    public static Counter<long> Steps { get; } = Meter.CreateCounter<long>("durable.steps", description: "Orchestration steps committed");

    public static Counter<long> Activities { get; } = Meter.CreateCounter<long>("durable.activities", description: "Activities run");

    public static Counter<long> Conflicts { get; } = Meter.CreateCounter<long>("durable.conflicts", description: "Steps abandoned after an ETag conflict");
}

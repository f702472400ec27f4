namespace Serverless.Functions.Demo;

/// <summary>A demo campaign's run: from start to results, the storage requests the app and the engine sent, and when each phase began.</summary>
public sealed record DemoRun(TimeSpan Wall, long StorageRequests, IReadOnlyList<(string Phase, TimeSpan Seen)> Phases);

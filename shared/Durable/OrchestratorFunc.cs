namespace Serverless.Durable;

/// <summary>An orchestrator as the runtime calls it: serialised input in, serialised output out.</summary>
public delegate Task<string?> OrchestratorFunc(TaskOrchestrationContext context, string? input);

namespace Serverless.Durable;

/// <summary>An activity as the runtime calls it: serialised input in, serialised output out.</summary>
public delegate Task<string?> ActivityFunc(TaskActivityContext context, string? input);

namespace Serverless.Domain.NewItems;

/// <summary>An existing item that may cover the applied service, with its match score (higher is better).</summary>
public sealed record CompatibilityCandidate(CatalogueItem Item, int Score);

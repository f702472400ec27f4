using Serverless.Domain.Bidding;

namespace Serverless.Domain.NewItems;

/// <summary>An existing price item of the catalogue, with keywords for compatibility matching (DOMAIN.md §2 优先兼容).</summary>
public sealed record CatalogueItem(ItemCode Code, string Name, IReadOnlyList<string> Keywords);

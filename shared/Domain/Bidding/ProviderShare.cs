namespace Serverless.Domain.Bidding;

/// <summary>A provider of an item in a league/city: a public hospital there with last year's volume &gt; 0.</summary>
public sealed record ProviderShare(HospitalCode Hospital, Tier Tier, decimal Volume);

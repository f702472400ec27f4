namespace Serverless.Domain.Bidding;

/// <summary>Last year's service volume of an item at a hospital (服务量). Drives consensus and budget impact.</summary>
public sealed record ProviderVolume(HospitalCode Hospital, ItemCode Item, decimal Volume);

namespace Serverless.Functions.Bidding;

public sealed record CampaignStatus(string CampaignId, string RuntimeStatus, CampaignProgress? Progress, CampaignSummary? Summary, string? Failure, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt);

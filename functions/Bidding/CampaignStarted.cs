namespace Serverless.Functions.Bidding;

public sealed record CampaignStarted(string CampaignId, string StatusUrl);

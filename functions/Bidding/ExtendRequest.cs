namespace Serverless.Functions.Bidding;

public sealed record ExtendRequest(long Seconds);

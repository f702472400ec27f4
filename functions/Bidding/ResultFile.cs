namespace Serverless.Functions.Bidding;

public sealed record ResultFile(string Path, long Size, DateTimeOffset? LastModified, string Url);

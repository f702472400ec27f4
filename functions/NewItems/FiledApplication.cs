namespace Serverless.Functions.NewItems;

/// <summary>An application as stored when it was filed: its id, the proposed item's name, its status and when it was filed.</summary>
public sealed record FiledApplication(string ApplicationId, string ProposedName, string Status, DateTimeOffset? SubmittedAt);

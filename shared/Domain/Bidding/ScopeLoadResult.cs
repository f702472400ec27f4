using Serverless.Domain.Tabular;

namespace Serverless.Domain.Bidding;

/// <summary>A scope workbook read: the scope when it has no error, and every error and warning found.</summary>
public sealed record ScopeLoadResult(CampaignScope? Scope, IReadOnlyList<SheetIssue> Issues)
{
    public bool IsValid => Scope is not null;
}

namespace Serverless.Durable.Storage;

/// <summary>A status query: any of the statuses (all when empty), a name prefix and a created-time range, one page at a time.</summary>
public sealed record InstanceQuery(
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null,
    string? NamePrefix = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    int PageSize = 100,
    string? ContinuationToken = null)
{
    public bool Matches(InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return (Statuses is null || Statuses.Count == 0 || Statuses.Contains(state.Status))
            && (NamePrefix is null || state.Name.StartsWith(NamePrefix, StringComparison.Ordinal))
            && (CreatedFrom is null || state.CreatedAt >= CreatedFrom)
            && (CreatedTo is null || state.CreatedAt <= CreatedTo);
    }
}

using System.Globalization;
using System.Security.Claims;
using Azure;
using Azure.Data.Tables;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Security;

/// <summary>The audit trail (DOMAIN.md §5): who did what, when (UTC), in which role, on which instance. Append-only.</summary>
public sealed class AuditTrail(StorageClients storage, TimeProvider time)
{
    private readonly TableClient _table = storage.Tables.GetTableClient(StorageNames.AuditTable);

    public async Task RecordAsync(ClaimsPrincipal who, string action, string instanceId, string? details, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await _table.AddEntityAsync(Entry(who, action, instanceId, $"{(DateTimeOffset.MaxValue - now).Ticks.ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}", now, details), cancellationToken);
    }

    /// <summary>
    /// Records an action that a retried request may repeat (a decision, a submission): one entry per action and key,
    /// whichever attempt writes it first. Callers write it before reporting success and again on the "already done"
    /// path, so an answer lost after the action leaves no gap in the trail.
    /// </summary>
    public async Task RecordOnceAsync(ClaimsPrincipal who, string action, string instanceId, string onceKey, string? details, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(onceKey);
        var rowKey = $"once-{action}-{Uri.EscapeDataString(onceKey).Replace('%', '!')}"; // table keys forbid / \ # ?
        try
        {
            await _table.AddEntityAsync(Entry(who, action, instanceId, rowKey, time.GetUtcNow(), details), cancellationToken);
        }
        catch (RequestFailedException exists) when (exists.Status == 409)
        {
            // Recorded by an earlier attempt of the same request.
        }
    }

    private static TableEntity Entry(ClaimsPrincipal who, string action, string instanceId, string rowKey, DateTimeOffset at, string? details)
    {
        ArgumentNullException.ThrowIfNull(who);
        return new TableEntity(instanceId, rowKey)
        {
            ["User"] = who.Identity?.Name ?? "anonymous",
            ["Roles"] = string.Join(",", who.FindAll(ClaimTypes.Role).Select(c => c.Value)),
            ["Action"] = action,
            ["At"] = at,
            ["Details"] = details,
        };
    }

    /// <summary>
    /// One page of a search, filtered by the table service (OData built by <see cref="TableClient.CreateQueryFilter(FormattableString)"/>,
    /// which quotes every value). Entries come in key order — instance id, then row key — not newest first: that is the
    /// only order Table storage returns, the trail has no time-keyed index, and sorting by time would mean reading every
    /// match. (Within an instance, entries made by <see cref="RecordAsync"/> are newest first, then the once-only ones.)
    /// A filtered page reads at most <see cref="MaxReadsPerPage"/> stretches of the table, so no search scans the whole trail at once.
    /// </summary>
    public async Task<AuditPage> SearchAsync(AuditSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var filter = Filter(search);
        var entries = new List<AuditEntry>();
        var token = search.Continuation;
        for (var reads = 0; reads < MaxReadsPerPage && entries.Count < search.PageSize; reads++)
        {
            await foreach (var page in _table.QueryAsync<TableEntity>(filter, search.PageSize - entries.Count, cancellationToken: cancellationToken).AsPages(token))
            {
                entries.AddRange(page.Values.Select(Read));
                token = page.ContinuationToken;
                break;
            }

            if (token is null)
            {
                break;
            }
        }

        return new AuditPage(entries, AuditSearch.Encode(token));
    }

    /// <summary>The table service's reads one page may take (each returns at most 1,000 entities or 5 s of scanning).</summary>
    public const int MaxReadsPerPage = 5;

    private static string Filter(AuditSearch search)
    {
        var filters = new List<string> { TableClient.CreateQueryFilter($"At ge {search.FromUtc} and At lt {search.ToUtcExclusive}") };
        if (search.Instance is { } instance)
        {
            filters.Add(search.InstanceIsPrefix
                ? TableClient.CreateQueryFilter($"PartitionKey ge {instance} and PartitionKey lt {PrefixEnd(instance)}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {instance}"));
        }

        if (search.Action is { } action)
        {
            filters.Add(search.ActionIsPrefix
                ? TableClient.CreateQueryFilter($"Action ge {action} and Action lt {PrefixEnd(action)}")
                : TableClient.CreateQueryFilter($"Action eq {action}"));
        }

        if (search.Who is { } who)
        {
            filters.Add(TableClient.CreateQueryFilter($"User eq {who}"));
        }

        return string.Join(" and ", filters);
    }

    /// <summary>The first string after every string starting with <paramref name="prefix"/> (its last character plus one).</summary>
    private static string PrefixEnd(string prefix) => string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(prefix[^1] + 1)).ToString());

    private static AuditEntry Read(TableEntity entity)
        => new(entity.PartitionKey, entity.GetString("User") ?? "", (entity.GetString("Roles") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            entity.GetString("Action") ?? "", entity.GetDateTimeOffset("At") ?? entity.Timestamp ?? default, entity.GetString("Details"));

    public async Task<IReadOnlyList<TableEntity>> ForInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var entries = new List<TableEntity>();
        await foreach (var entry in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), cancellationToken: cancellationToken))
        {
            entries.Add(entry);
        }

        return entries;
    }
}

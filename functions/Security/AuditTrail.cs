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

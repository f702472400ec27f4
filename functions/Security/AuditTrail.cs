using System.Globalization;
using System.Security.Claims;
using Azure.Data.Tables;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Security;

/// <summary>The audit trail (DOMAIN.md §5): who did what, when (UTC), in which role, on which instance. Append-only.</summary>
public sealed class AuditTrail(StorageClients storage, TimeProvider time)
{
    private readonly TableClient _table = storage.Tables.GetTableClient(StorageNames.AuditTable);

    public async Task RecordAsync(ClaimsPrincipal who, string action, string instanceId, string? details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var now = time.GetUtcNow();
        var entity = new TableEntity(instanceId, $"{(DateTimeOffset.MaxValue - now).Ticks.ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}")
        {
            ["User"] = who.Identity?.Name ?? "anonymous",
            ["Roles"] = string.Join(",", who.FindAll(ClaimTypes.Role).Select(c => c.Value)),
            ["Action"] = action,
            ["At"] = now,
            ["Details"] = details,
        };
        await _table.AddEntityAsync(entity, cancellationToken);
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

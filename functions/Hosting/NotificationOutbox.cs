using Azure;
using Azure.Data.Tables;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The notifications outbox (table <c>notifications</c>) that the console and any mail or SMS gateway read: one row per
/// instance (partition) and notice (row key), so writing the same reminder or escalation again adds nothing.
/// </summary>
public sealed class NotificationOutbox(StorageClients storage, TimeProvider time)
{
    private readonly TableClient _table = storage.Tables.GetTableClient(StorageNames.NotificationsTable);

    /// <summary>Adds the notice unless it is there already; true when this call added it.</summary>
    public async Task<bool> AddOnceAsync(string instanceId, string noticeKey, string kind, string recipient, string textZh, string textEn,
        IReadOnlyDictionary<string, object?> details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        var entity = new TableEntity(instanceId, noticeKey)
        {
            ["Kind"] = kind,
            ["Recipient"] = recipient,
            ["TextZh"] = textZh,
            ["TextEn"] = textEn,
            ["CreatedAt"] = time.GetUtcNow(),
            ["Sent"] = false,
        };
        foreach (var (key, value) in details)
        {
            entity[key] = value;
        }

        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<TableEntity>> ForInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}

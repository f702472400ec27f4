using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.NewItems;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.NewItems;

/// <summary>
/// Where new-item applications keep their state for people to read: table <c>newitems</c> holds per application
/// (partition = application id) the application row, one row per wait (<c>wait-{id}</c>) and one per decision
/// (<c>decision-{id}</c>, inserted once: the guard that makes a decision count once). Table <c>notifications</c> is
/// the outbox of reminders and escalations (one row per wait and kind, so each goes out once); table
/// <c>marketpositions</c> holds each hospital's charge items and revenue; the item catalogue is a workbook blob.
/// </summary>
public sealed class NewItemStore(StorageClients storage, TimeProvider time)
{
    public const string ApplicationRow = "application";
    public const string CatalogueBlob = "newitems/catalogue.xlsx";
    private readonly TableClient _items = storage.Tables.GetTableClient(StorageNames.NewItemsTable);
    private readonly NotificationOutbox _outbox = new(storage, time);
    private readonly TableClient _positions = storage.Tables.GetTableClient(StorageNames.MarketPositionsTable);

    /// <summary>Chinese text kept as it is (not \uXXXX escapes), so a form fits a table property (64 KiB).</summary>
    private static readonly JsonSerializerOptions FormJson = new(Workflows.Json) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Positions share one partition (one row per hospital); the row lists the applications counted into it.</summary>
    private const string PositionPartition = "position";
    private const string CountedColumn = "CountedApplications";

    public static string WaitRow(string waitId) => $"wait-{waitId}";

    public static string DecisionRow(string waitId) => $"decision-{waitId}";

    public async Task SaveApplicationAsync(string applicationId, ApplicationForm form, string source, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var entity = new TableEntity(applicationId, ApplicationRow)
        {
            ["Hospital"] = form.HospitalCode,
            ["ProposedName"] = form.ProposedName,
            ["HospitalName"] = form.HospitalName,
            ["Form"] = JsonSerializer.Serialize(form, FormJson),
            ["Source"] = source,
            ["Status"] = status,
            ["SubmittedAt"] = time.GetUtcNow(),
        };
        await _items.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<(ApplicationForm Form, TableEntity Row)?> GetApplicationAsync(string applicationId, CancellationToken cancellationToken)
    {
        var row = await _items.GetEntityIfExistsAsync<TableEntity>(applicationId, ApplicationRow, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var form = JsonSerializer.Deserialize<ApplicationForm>(row.Value!.GetString("Form") ?? "{}", Workflows.Json)!;
        return (form, row.Value);
    }

    public Task UpdateApplicationAsync(string applicationId, IDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(applicationId, ApplicationRow);
        foreach (var (key, value) in values)
        {
            entity[key] = value;
        }

        return _items.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Opens a wait (idempotent: a replayed activity writes the same row).</summary>
    public Task OpenWaitAsync(WaitRequest request, OpenedWait opened, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(opened);
        var entity = new TableEntity(request.ApplicationId, WaitRow(request.WaitId))
        {
            ["WaitId"] = request.WaitId,
            ["Step"] = request.Step,
            ["Role"] = request.Role,
            ["Allowed"] = string.Join(",", request.Allowed),
            ["WorkingDays"] = request.WorkingDays,
            ["OpenedAt"] = new DateTimeOffset(request.StartedUtc, TimeSpan.Zero),
            ["ReminderAt"] = new DateTimeOffset(opened.ReminderAtUtc, TimeSpan.Zero),
            ["ExpiresAt"] = new DateTimeOffset(opened.ExpiresAtUtc, TimeSpan.Zero),
            ["DueDate"] = opened.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["State"] = WaitStates.Open,
            ["Escalated"] = false,
        };
        return _items.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<TableEntity?> GetWaitAsync(string applicationId, string waitId, CancellationToken cancellationToken)
    {
        var row = await _items.GetEntityIfExistsAsync<TableEntity>(applicationId, WaitRow(waitId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    public Task MarkWaitAsync(string applicationId, string waitId, string state, bool? escalated, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(applicationId, WaitRow(waitId)) { ["State"] = state };
        if (escalated is { } e)
        {
            entity["Escalated"] = e;
        }

        return _items.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Every row of an application: the application, its waits and decisions (the timeline).</summary>
    public async Task<IReadOnlyList<TableEntity>> RowsAsync(string applicationId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _items.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {applicationId}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The open waits of every application a role decides (and, for the office head, every escalated one).</summary>
    public async Task<IReadOnlyList<TableEntity>> OpenWaitsAsync(string? role, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"State eq {WaitStates.Open}");
        await foreach (var row in _items.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (role is null || row.GetString("Role") == role || (role == Security.Roles.OfficeHead && row.GetBoolean("Escalated") == true))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>The ids of the applications stored for <paramref name="hospital"/> (their application rows' Hospital column).</summary>
    public async Task<IReadOnlySet<string>> ApplicationIdsOfAsync(string hospital, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {ApplicationRow} and Hospital eq {hospital}");
        await foreach (var row in _items.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            ids.Add(row.PartitionKey);
        }

        return ids;
    }

    /// <summary>The applications of <paramref name="hospital"/> filed from the workbook uploaded as <paramref name="source"/>, oldest first.</summary>
    public async Task<IReadOnlyList<FiledApplication>> FiledFromAsync(string hospital, string source, CancellationToken cancellationToken)
    {
        var filed = new List<FiledApplication>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {ApplicationRow} and Hospital eq {hospital} and Source eq {source}");
        await foreach (var row in _items.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "ProposedName", "Status", "SubmittedAt"], cancellationToken: cancellationToken))
        {
            filed.Add(new FiledApplication(row.PartitionKey, row.GetString("ProposedName") ?? "", row.GetString("Status") ?? "", row.GetDateTimeOffset("SubmittedAt")));
        }

        return [.. filed.OrderBy(a => a.SubmittedAt).ThenBy(a => a.ApplicationId, StringComparer.Ordinal)];
    }

    /// <summary>Records a decision once. Returns the decision already recorded for the wait when there is one.</summary>
    public async Task<DecisionMade?> TryRecordDecisionAsync(string applicationId, DecisionMade decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var entity = new TableEntity(applicationId, DecisionRow(decision.WaitId))
        {
            ["WaitId"] = decision.WaitId,
            ["Step"] = decision.Step,
            ["Decision"] = decision.Decision,
            ["Official"] = decision.Official,
            ["Role"] = decision.Role,
            ["Comment"] = decision.Comment,
            ["ItemCode"] = decision.ItemCode,
            ["At"] = decision.At,
        };
        try
        {
            await _items.AddEntityAsync(entity, cancellationToken);
            return null;
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            return DecisionOf((await _items.GetEntityAsync<TableEntity>(applicationId, DecisionRow(decision.WaitId), cancellationToken: cancellationToken)).Value);
        }
    }

    /// <summary>Every decision <paramref name="official"/> took, across applications (their decision rows).</summary>
    public async Task<IReadOnlyList<(string ApplicationId, DecisionMade Decision)>> DecisionsByAsync(string official, CancellationToken cancellationToken)
    {
        var decisions = new List<(string, DecisionMade)>();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {DecisionRow("")} and RowKey lt {"decision."} and Official eq {official}");
        await foreach (var row in _items.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            decisions.Add((row.PartitionKey, DecisionOf(row)));
        }

        return decisions;
    }

    /// <summary>The decision recorded for a wait, from the application's rows (<see cref="RowsAsync"/>); null when none is.</summary>
    public static DecisionMade? RecordedDecision(IEnumerable<TableEntity> rows, string waitId)
        => rows.FirstOrDefault(r => r.RowKey == DecisionRow(waitId)) is { } row ? DecisionOf(row) : null;

    private static DecisionMade DecisionOf(TableEntity row)
        => new(row.GetString("WaitId") ?? "", row.GetString("Step") ?? "", row.GetString("Decision") ?? "", row.GetString("Official") ?? "",
            row.GetString("Role") ?? "", row.GetString("Comment"), row.GetString("ItemCode"), row.GetDateTimeOffset("At") ?? default);

    /// <summary>Writes a reminder or escalation to the outbox once: a second write of the same wait and kind is a no-op.</summary>
    public Task<bool> NotifyAsync(WaitNotice notice, string textZh, string textEn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return _outbox.AddOnceAsync(notice.ApplicationId, $"{notice.WaitId}-{notice.Kind}", notice.Kind, notice.Role, textZh, textEn,
            new Dictionary<string, object?> { ["WaitId"] = notice.WaitId, ["DueDate"] = notice.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, cancellationToken);
    }

    public Task<IReadOnlyList<TableEntity>> NotificationsAsync(string applicationId, CancellationToken cancellationToken) => _outbox.ForInstanceAsync(applicationId, cancellationToken);

    public Task SavePositionAsync(MarketRegulatedPosition position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(position);
        var entity = PositionEntity(position);
        // Merge keeps the list of applications already counted: an official's new figures are not counted into again.
        return _positions.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// Adds an approved application's item to its hospital's position, once: the application's id is kept on the
    /// position row itself and the row is written with its ETag, so a re-run activity or two trials of one hospital
    /// starting at once neither count twice nor lose each other's update. False when it was already counted.
    /// </summary>
    public async Task<bool> CountApprovedItemAsync(HospitalCode hospital, string applicationId, Yuan expectedAnnualRevenue, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(applicationId);
        while (true)
        {
            var row = await _positions.GetEntityIfExistsAsync<TableEntity>(PositionPartition, hospital.Value, cancellationToken: cancellationToken);
            var counted = row.HasValue ? (row.Value!.GetString(CountedColumn) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
            if (counted.Contains(applicationId, StringComparer.Ordinal))
            {
                return false;
            }

            var position = row.HasValue ? Position(row.Value!) : new MarketRegulatedPosition(hospital, 0, 0, Yuan.Zero, Yuan.Zero);
            var entity = PositionEntity(position.WithApprovedItem(expectedAnnualRevenue));
            entity[CountedColumn] = string.Join(',', counted.Append(applicationId));
            try
            {
                await (row.HasValue
                    ? _positions.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
                    : _positions.AddEntityAsync(entity, cancellationToken));
                return true;
            }
            catch (RequestFailedException raced) when (raced.Status is 409 or 412)
            {
                // Another trial of this hospital wrote first: read its figures and add to them.
            }
        }
    }

    public async Task<MarketRegulatedPosition?> GetPositionAsync(string hospital, CancellationToken cancellationToken)
    {
        var row = await _positions.GetEntityIfExistsAsync<TableEntity>(PositionPartition, hospital, cancellationToken: cancellationToken);
        return row.HasValue ? Position(row.Value!) : null;
    }

    private static MarketRegulatedPosition Position(TableEntity e)
        => new(new HospitalCode(e.RowKey), e.GetInt32("ChargeItems") ?? 0, e.GetInt32("MarketRegulatedItems") ?? 0,
            new Yuan(decimal.Parse(e.GetString("MedicalServiceRevenue") ?? "0", CultureInfo.InvariantCulture)),
            new Yuan(decimal.Parse(e.GetString("MarketRegulatedRevenue") ?? "0", CultureInfo.InvariantCulture)));

    private static TableEntity PositionEntity(MarketRegulatedPosition position) => new(PositionPartition, position.Hospital.Value)
    {
        ["ChargeItems"] = position.ChargeItems,
        ["MarketRegulatedItems"] = position.MarketRegulatedItems,
        ["MedicalServiceRevenue"] = position.MedicalServiceRevenue.Value.ToString(CultureInfo.InvariantCulture),
        ["MarketRegulatedRevenue"] = position.MarketRegulatedRevenue.Value.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>The states of a wait row.</summary>
public static class WaitStates
{
    public const string Open = "open";
    public const string Decided = "decided";
    public const string Lapsed = "lapsed";
}

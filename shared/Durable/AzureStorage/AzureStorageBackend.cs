using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.Durable.History;
using Serverless.Durable.Messaging;
using Serverless.Durable.Storage;

namespace Serverless.Durable.AzureStorage;

/// <summary>
/// A task hub on Azure Storage. Each instance is one partition of the instances table: a state row and one history
/// row per step (its events and its outbox), committed as one entity-group transaction guarded by the state row's
/// ETag. Control queues are partitioned by instance id; activities go through one work-item queue; values too big
/// for a table property or a queue message go to a blob container; an index table serves status queries.
/// </summary>
public sealed class AzureStorageBackend : IDurableBackend
{
    private const string StateRow = "state";
    private const int MaxInlineChars = 30_000;
    private const string BlobMarker = "blob:";
    private static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(6.9);
    private readonly TableClient _instances;
    private readonly TableClient _index;
    private readonly QueueClient[] _control;
    private readonly QueueClient _workItems;
    private readonly QueueClient _poison;
    private readonly BlobContainerClient _payloads;

    public AzureStorageBackend(AzureStorageBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hub = options.TaskHub;
        if (hub.Length is < 3 or > 40 || !char.IsAsciiLetterLower(hub[0]) || !hub.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"Task hub '{hub}' must be 3–40 lowercase letters and digits, starting with a letter.", nameof(options));
        }

        var tableOptions = WithPolicies(new TableClientOptions(), options);
        var queueOptions = WithPolicies(new QueueClientOptions(), options);
        var blobOptions = WithPolicies(new BlobClientOptions(), options);
        TableServiceClient tables;
        QueueServiceClient queues;
        BlobServiceClient blobs;
        if (options.ConnectionString is { } connection)
        {
            tables = new TableServiceClient(connection, tableOptions);
            queues = new QueueServiceClient(connection, queueOptions);
            blobs = new BlobServiceClient(connection, blobOptions);
        }
        else
        {
            var credential = options.Credential ?? throw new ArgumentException("Give a connection string or service URIs with a credential.", nameof(options));
            tables = new TableServiceClient(options.TableServiceUri ?? throw new ArgumentException("TableServiceUri is required.", nameof(options)), credential, tableOptions);
            queues = new QueueServiceClient(options.QueueServiceUri ?? throw new ArgumentException("QueueServiceUri is required.", nameof(options)), credential, queueOptions);
            blobs = new BlobServiceClient(options.BlobServiceUri ?? throw new ArgumentException("BlobServiceUri is required.", nameof(options)), credential, blobOptions);
        }

        _instances = tables.GetTableClient($"{hub}Instances");
        _index = tables.GetTableClient($"{hub}Index");
        _control = [.. Enumerable.Range(0, options.ControlQueueCount).Select(i => queues.GetQueueClient($"{hub}-control-{i:D2}"))];
        _workItems = queues.GetQueueClient($"{hub}-workitems");
        _poison = queues.GetQueueClient($"{hub}-poison");
        _payloads = blobs.GetBlobContainerClient($"{hub}-payloads");
    }

    public int ControlQueueCount => _control.Length;

    /// <summary>Every queue the hub uses, for a host that triggers functions on them.</summary>
    public IReadOnlyList<string> QueueNames => [.. _control.Select(q => q.Name), _workItems.Name, _poison.Name];

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        await _instances.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _index.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var queue in _control.Append(_workItems).Append(_poison))
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await _payloads.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<InstanceRecord?> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var partition = StorageKeys.Escape(instanceId);
        var rows = new List<TableEntity>();
        await foreach (var row in _instances.QueryAsync<TableEntity>($"PartitionKey eq '{StorageKeys.Quote(partition)}'", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var stateRow = rows.FirstOrDefault(r => r.RowKey == StateRow);
        if (stateRow is null)
        {
            return null;
        }

        var state = await ReadStateAsync(instanceId, stateRow, cancellationToken).ConfigureAwait(false);
        var prefix = $"h|{state.ExecutionId}|";
        var history = new List<HistoryEvent>();
        IReadOnlyList<OutboxMessage> outbox = [];
        var outboxStep = stateRow.GetInt32("OutboxStep") ?? -1;
        foreach (var row in rows.Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            history.AddRange(JsonSerializer.Deserialize<List<HistoryEvent>>(await ReadLargeAsync(row, "Events", cancellationToken).ConfigureAwait(false) ?? "[]", DurableJson.Options)!);
            if (row.GetInt32("Step") == outboxStep)
            {
                outbox = JsonSerializer.Deserialize<List<OutboxMessage>>(await ReadLargeAsync(row, "Outbox", cancellationToken).ConfigureAwait(false) ?? "[]", DurableJson.Options)!;
            }
        }

        var stale = rows.Where(r => r.RowKey.StartsWith("h|", StringComparison.Ordinal) && !r.RowKey.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (stale.Count > 0)
        {
            await DeleteRowsAsync(stale, cancellationToken).ConfigureAwait(false);
        }

        return new InstanceRecord(state, history, outbox, stateRow.ETag.ToString());
    }

    public async Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        var row = await _instances.GetEntityIfExistsAsync<TableEntity>(StorageKeys.Escape(instanceId), StateRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? await ReadStateAsync(instanceId, row.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task<string> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var state = commit.State;
        var partition = StorageKeys.Escape(state.InstanceId);
        var stateEntity = await WriteStateAsync(partition, state, commit.Outbox.Count > 0 ? state.StepCount : -1, cancellationToken).ConfigureAwait(false);
        var actions = new List<TableTransactionAction>
        {
            commit.ExpectedETag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, stateEntity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, stateEntity, new ETag(commit.ExpectedETag)),
        };
        if (commit.NewEvents.Count > 0 || commit.Outbox.Count > 0)
        {
            var rowKey = $"h|{state.ExecutionId}|{state.StepCount:D8}";
            var history = new TableEntity(partition, rowKey) { ["Step"] = state.StepCount };
            await WriteLargeAsync(history, "Events", JsonSerializer.Serialize(commit.NewEvents, DurableJson.Options), cancellationToken).ConfigureAwait(false);
            await WriteLargeAsync(history, "Outbox", JsonSerializer.Serialize(commit.Outbox, DurableJson.Options), cancellationToken).ConfigureAwait(false);
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, history));
        }

        try
        {
            var response = await _instances.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return response.Value[0].Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service returned no ETag for the state row.");
        }
        catch (RequestFailedException failure) when (failure.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException(state.InstanceId, failure);
        }
    }

    public async Task<string?> MarkOutboxSentAsync(string instanceId, string etag, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(StorageKeys.Escape(instanceId), StateRow) { ["OutboxStep"] = -1 };
        try
        {
            var response = await _instances.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException failure) when (failure.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var work = message.Message;
        var queue = work.IsActivity ? _workItems : _control[ControlQueuePartitioner.PartitionOf(work.InstanceId, _control.Length)];
        var delay = message.VisibleAt is { } at ? at - DateTimeOffset.UtcNow : TimeSpan.Zero;
        // Queue visibility has whole-second resolution: round up so a timer message never shows before it is due.
        delay = delay <= TimeSpan.Zero ? TimeSpan.Zero : delay > MaxVisibilityDelay ? MaxVisibilityDelay : TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
        var text = JsonSerializer.Serialize(work, DurableJson.Options);
        if (text.Length > MaxInlineChars)
        {
            var blobName = $"messages/{StorageKeys.Escape(work.InstanceId)}/{Uri.EscapeDataString(work.Id)}.json";
            await _payloads.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(text), overwrite: true, cancellationToken).ConfigureAwait(false);
            text = BlobMarker + blobName;
        }

        await queue.SendMessageAsync(text, delay, TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveControlAsync(int partition, int maxMessages, TimeSpan visibility, CancellationToken cancellationToken)
        => ReceiveAsync(_control[partition], maxMessages, visibility, cancellationToken);

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveWorkItemsAsync(int maxMessages, TimeSpan visibility, CancellationToken cancellationToken)
        => ReceiveAsync(_workItems, maxMessages, visibility, cancellationToken);

    public async Task DeleteAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IsHostOwned)
        {
            return;
        }
        try
        {
            await QueueOf(message).DeleteMessageAsync(message.ReceiptId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException failure) when (failure.Status is 404 or 400)
        {
            // Someone else holds or already removed it; it is theirs now.
        }
    }

    public async Task ReleaseAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IsHostOwned)
        {
            throw new InvalidOperationException($"Message {message.Message.Id} must be retried: the Functions host makes it visible again.");
        }
        try
        {
            await QueueOf(message).UpdateMessageAsync(message.ReceiptId, message.PopReceipt, visibilityTimeout: delay > MaxVisibilityDelay ? MaxVisibilityDelay : delay, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException failure) when (failure.Status is 404 or 400)
        {
        }
    }

    public async Task MoveToPoisonAsync(ReceivedMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = JsonSerializer.Serialize(new { reason, queue = message.Queue, message = message.Message }, DurableJson.Options);
        await _poison.SendMessageAsync(text[..Math.Min(text.Length, MaxInlineChars)], cancellationToken: cancellationToken).ConfigureAwait(false);
        await DeleteAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async Task UpdateIndexAsync(InstanceState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entity = new TableEntity("i", StorageKeys.Escape(state.InstanceId))
        {
            ["Name"] = state.Name,
            ["Status"] = state.Status.ToString(),
            ["CreatedAt"] = state.CreatedAt,
            ["LastUpdatedAt"] = state.LastUpdatedAt,
        };
        await _index.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<string> { "PartitionKey eq 'i'" };
        if (query.Statuses is { Count: > 0 } statuses)
        {
            filters.Add("(" + string.Join(" or ", statuses.Select(s => $"Status eq '{s}'")) + ")");
        }

        if (query.NamePrefix is { Length: > 0 } prefix)
        {
            filters.Add($"Name ge '{StorageKeys.Quote(prefix)}' and Name lt '{StorageKeys.Quote(prefix)}\uffff'");
        }

        if (query.CreatedFrom is { } from)
        {
            filters.Add(TableClient.CreateQueryFilter($"CreatedAt ge {from}"));
        }

        if (query.CreatedTo is { } to)
        {
            filters.Add(TableClient.CreateQueryFilter($"CreatedAt le {to}"));
        }

        var pages = _index.QueryAsync<TableEntity>(string.Join(" and ", filters), query.PageSize, cancellationToken: cancellationToken)
            .AsPages(query.ContinuationToken, query.PageSize);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            var found = new List<InstanceState>();
            foreach (var row in page.Values)
            {
                var state = await GetStateAsync(StorageKeys.Unescape(row.RowKey), cancellationToken).ConfigureAwait(false);
                if (state is not null && query.Matches(state))
                {
                    found.Add(state);
                }
            }

            return new InstancePage(found, page.ContinuationToken);
        }

        return new InstancePage([], null);
    }

    public async Task RebuildIndexAsync(CancellationToken cancellationToken)
    {
        await foreach (var row in _instances.QueryAsync<TableEntity>($"RowKey eq '{StateRow}'", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var state = await ReadStateAsync(StorageKeys.Unescape(row.PartitionKey), row, cancellationToken).ConfigureAwait(false);
            await UpdateIndexAsync(state, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var partition = StorageKeys.Escape(instanceId);
        var rows = new List<TableEntity>();
        await foreach (var row in _instances.QueryAsync<TableEntity>($"PartitionKey eq '{StorageKeys.Quote(partition)}'", select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        await DeleteRowsAsync(rows, cancellationToken).ConfigureAwait(false);
        try
        {
            await _index.DeleteEntityAsync("i", partition, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException failure) when (failure.Status == 404)
        {
        }

        await foreach (var blob in _payloads.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"instances/{partition}/", cancellationToken).ConfigureAwait(false))
        {
            await _payloads.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return rows.Count > 0;
    }

    private static T WithPolicies<T>(T clientOptions, AzureStorageBackendOptions options)
        where T : ClientOptions
    {
        foreach (var policy in options.Policies)
        {
            clientOptions.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }

        return clientOptions;
    }

    private async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(QueueClient queue, int maxMessages, TimeSpan visibility, CancellationToken cancellationToken)
    {
        QueueMessage[] messages = (await queue.ReceiveMessagesAsync(Math.Clamp(maxMessages, 1, 32), visibility, cancellationToken).ConfigureAwait(false)).Value;
        var received = new List<ReceivedMessage>(messages.Length);
        foreach (var message in messages)
        {
            var text = message.Body.ToString();
            if (text.StartsWith(BlobMarker, StringComparison.Ordinal))
            {
                text = (await _payloads.GetBlobClient(text[BlobMarker.Length..]).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
            }

            var work = JsonSerializer.Deserialize<WorkMessage>(text, DurableJson.Options)!;
            received.Add(new ReceivedMessage(work, queue.Name, message.MessageId, message.PopReceipt, message.DequeueCount));
        }

        return received;
    }

    private QueueClient QueueOf(ReceivedMessage message)
        => message.Queue == _workItems.Name ? _workItems : _control.First(q => q.Name == message.Queue);

    private async Task<TableEntity> WriteStateAsync(string partition, InstanceState state, int outboxStep, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(partition, StateRow)
        {
            ["Name"] = state.Name,
            ["ExecutionId"] = state.ExecutionId,
            ["Status"] = state.Status.ToString(),
            ["CreatedAt"] = state.CreatedAt,
            ["LastUpdatedAt"] = state.LastUpdatedAt,
            ["ParentInstanceId"] = state.ParentInstanceId,
            ["ParentExecutionId"] = state.ParentExecutionId,
            ["ParentTaskId"] = state.ParentTaskId,
            ["StepCount"] = state.StepCount,
            ["OutboxStep"] = outboxStep,
            ["Failure"] = state.Failure is null ? null : JsonSerializer.Serialize(state.Failure, DurableJson.Options),
        };
        await WriteLargeAsync(entity, "Input", state.Input, cancellationToken).ConfigureAwait(false);
        await WriteLargeAsync(entity, "Output", state.Output, cancellationToken).ConfigureAwait(false);
        await WriteLargeAsync(entity, "CustomStatus", state.CustomStatus, cancellationToken).ConfigureAwait(false);
        return entity;
    }

    private async Task<InstanceState> ReadStateAsync(string instanceId, TableEntity row, CancellationToken cancellationToken)
    {
        var failure = row.GetString("Failure");
        return new InstanceState(
            instanceId,
            row.GetString("Name"),
            row.GetString("ExecutionId"),
            Enum.Parse<OrchestrationRuntimeStatus>(row.GetString("Status")),
            row.GetDateTimeOffset("CreatedAt")!.Value,
            row.GetDateTimeOffset("LastUpdatedAt")!.Value)
        {
            Input = await ReadLargeAsync(row, "Input", cancellationToken).ConfigureAwait(false),
            Output = await ReadLargeAsync(row, "Output", cancellationToken).ConfigureAwait(false),
            CustomStatus = await ReadLargeAsync(row, "CustomStatus", cancellationToken).ConfigureAwait(false),
            Failure = failure is null ? null : JsonSerializer.Deserialize<TaskFailureDetails>(failure, DurableJson.Options),
            ParentInstanceId = row.GetString("ParentInstanceId"),
            ParentExecutionId = row.GetString("ParentExecutionId"),
            ParentTaskId = row.GetInt32("ParentTaskId"),
            StepCount = row.GetInt32("StepCount") ?? 0,
        };
    }

    /// <summary>A table string property holds at most 32K characters: a longer value is stored in a blob and referenced.</summary>
    private async Task WriteLargeAsync(TableEntity entity, string property, string? value, CancellationToken cancellationToken)
    {
        if (value is null || value.Length <= MaxInlineChars)
        {
            entity[property] = value;
            return;
        }

        var blobName = $"instances/{entity.PartitionKey}/{Uri.EscapeDataString(entity.RowKey)}-{property}-{Guid.NewGuid():N}.json";
        await _payloads.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(value), overwrite: true, cancellationToken).ConfigureAwait(false);
        entity[property] = BlobMarker + blobName;
    }

    private async Task<string?> ReadLargeAsync(TableEntity entity, string property, CancellationToken cancellationToken)
    {
        var value = entity.GetString(property);
        if (value is null || !value.StartsWith(BlobMarker, StringComparison.Ordinal))
        {
            return value;
        }

        var content = await _payloads.GetBlobClient(value[BlobMarker.Length..]).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return content.Value.Content.ToString();
    }

    private async Task DeleteRowsAsync(IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(100))
        {
            try
            {
                await _instances.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException failure) when (failure.Status == 404)
            {
                // Another worker removed them first.
            }
        }
    }
}

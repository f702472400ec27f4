using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Domain.Bidding;
using Serverless.Domain.NewItems;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;

namespace Serverless.Functions.Reviews;

/// <summary>
/// Where the annual reviews keep what people read and send: the indicator workbook as accepted
/// (<c>work/reviews/{year}/{kind}-indicators.xlsx</c>), the report (<c>results/reviews/{year}/{kind}-report.xlsx</c>),
/// and table <see cref="DecisionsTable"/> with one row per review (partition = instance id) and league/city, inserted
/// once: the guard that makes a campaign decision count once. New items and positions are read from the new-item tables.
/// </summary>
public sealed class ReviewStore(StorageClients storage, CampaignStore files, NewItemStore newItems)
{
    public const string DecisionsTable = "reviewdecisions";

    /// <summary>The status an application row has while its trial runs (set by the new-item trial activity).</summary>
    private const string TrialStatus = "Trial";

    private readonly TableClient _decisions = storage.Tables.GetTableClient(DecisionsTable);
    private readonly TableClient _newItems = storage.Tables.GetTableClient(StorageNames.NewItemsTable);
    private readonly TableClient _positions = storage.Tables.GetTableClient(StorageNames.MarketPositionsTable);

    public static string IndicatorsBlob(int year, string kind) => $"reviews/{year}/{kind}-indicators.xlsx";

    public static string ReportBlob(int year, string kind) => $"reviews/{year}/{kind}-report.xlsx";

    public Task<byte[]?> IndicatorsAsync(int year, string kind, CancellationToken cancellationToken)
        => files.DownloadAsync(StorageNames.WorkContainer, IndicatorsBlob(year, kind), cancellationToken);

    public Task SaveIndicatorsAsync(int year, string kind, byte[] content, CancellationToken cancellationToken)
        => files.UploadAsync(StorageNames.WorkContainer, IndicatorsBlob(year, kind), content, cancellationToken);

    public Task SaveReportAsync(int year, string kind, byte[] content, CancellationToken cancellationToken)
        => files.UploadAsync(StorageNames.ResultsContainer, ReportBlob(year, kind), content, cancellationToken);

    /// <summary>Records a league/city's decision once. Returns the decision already recorded when there is one.</summary>
    public async Task<CampaignDecision?> TryRecordDecisionAsync(string instanceId, CampaignDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var entity = new TableEntity(instanceId, decision.League)
        {
            ["Decision"] = decision.Decision,
            ["CampaignId"] = decision.CampaignId,
            ["Official"] = decision.Official,
            ["Comment"] = decision.Comment,
            ["At"] = decision.At,
        };
        try
        {
            await _decisions.AddEntityAsync(entity, cancellationToken);
            return null;
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            return await GetDecisionAsync(instanceId, decision.League, cancellationToken);
        }
    }

    public async Task<CampaignDecision?> GetDecisionAsync(string instanceId, string league, CancellationToken cancellationToken)
    {
        var row = await _decisions.GetEntityIfExistsAsync<TableEntity>(instanceId, league, cancellationToken: cancellationToken);
        return row.HasValue ? Decision(row.Value!) : null;
    }

    public async Task<IReadOnlyList<CampaignDecision>> DecisionsAsync(string instanceId, CancellationToken cancellationToken)
    {
        var decisions = new List<CampaignDecision>();
        await foreach (var row in _decisions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), cancellationToken: cancellationToken))
        {
            decisions.Add(Decision(row));
        }

        return decisions;
    }

    /// <summary>The new items in trial whose trial ends on a day from <paramref name="from"/> to <paramref name="to"/> (CST dates, both included).</summary>
    public async Task<IReadOnlyList<TrialPeriod>> TrialsEndingAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var trials = new List<TrialPeriod>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {NewItemStore.ApplicationRow} and Status eq {TrialStatus}");
        await foreach (var row in _newItems.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (Date(row.GetString("TrialEnd")) is { } end && end >= from && end <= to)
            {
                trials.Add(new TrialPeriod(row.PartitionKey, new HospitalCode(row.GetString("Hospital") ?? ""), row.GetString("ProposedName") ?? "",
                    Date(row.GetString("TrialStart")) ?? end, end, row.GetBoolean("TrialExtended") == true));
            }
        }

        return trials;
    }

    /// <summary>Every hospital's market-regulated position; each is read through <see cref="NewItemStore"/>, which owns the row format.</summary>
    public async Task<IReadOnlyList<MarketRegulatedPosition>> PositionsAsync(CancellationToken cancellationToken)
    {
        var positions = new List<MarketRegulatedPosition>();
        await foreach (var row in _positions.QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (await newItems.GetPositionAsync(row.RowKey, cancellationToken) is { } position)
            {
                positions.Add(position);
            }
        }

        return positions;
    }

    private static CampaignDecision Decision(TableEntity row) => new(row.RowKey, row.GetString("Decision") ?? "", row.GetString("CampaignId"),
        row.GetString("Official") ?? "", row.GetString("Comment"), row.GetDateTimeOffset("At") ?? default);

    private static DateOnly? Date(string? text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}

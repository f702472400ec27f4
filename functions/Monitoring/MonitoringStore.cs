using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Monitoring;

/// <summary>
/// Where monitoring keeps its state, in table <see cref="TableName"/>: which campaign takes a league's quarter
/// (partition <c>index</c>, row <c>{league}|{quarter}</c>: a later campaign's monitoring takes over), each campaign's
/// plan (row <c>plan</c>) and one row per league-quarter taken (row <c>q|{quarter}|{league}</c>). Every write is an
/// upsert of the same key, so an activity that runs again changes nothing.
/// </summary>
public sealed class MonitoringStore(StorageClients storage, CampaignStore files)
{
    public const string TableName = "monitoring";
    private const string IndexPartition = "index";
    private const string PlanRow = "plan";

    private readonly TableClient _table = storage.Tables.GetTableClient(TableName);

    public static string DataBlob(string campaignId, string quarter, string league) => $"monitoring/{campaignId}/{quarter}/{league}.json";

    public static string LeagueReportBlob(string campaignId, string quarter, string league) => $"{campaignId}/monitoring/{quarter}/{league}.xlsx";

    public static string RegionalReportBlob(string campaignId, string quarter) => $"{campaignId}/monitoring/{quarter}/regional.xlsx";

    public async Task SavePlanAsync(MonitoringStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        await _table.UpsertEntityAsync(new TableEntity(start.CampaignId, PlanRow) { ["Plan"] = JsonSerializer.Serialize(start, Workflows.Json) }, TableUpdateMode.Replace, cancellationToken);
        foreach (var league in start.Leagues)
        {
            foreach (var quarter in start.Quarters.SelectMany(q => new[] { q.Quarter, q.BaselineQuarter }).Distinct())
            {
                await _table.UpsertEntityAsync(new TableEntity(IndexPartition, $"{league}|{quarter}") { ["CampaignId"] = start.CampaignId }, TableUpdateMode.Replace, cancellationToken);
            }
        }
    }

    public async Task<MonitoringStart?> PlanAsync(string campaignId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(campaignId, PlanRow, cancellationToken: cancellationToken);
        return row.HasValue ? JsonSerializer.Deserialize<MonitoringStart>(row.Value!.GetString("Plan"), Workflows.Json) : null;
    }

    /// <summary>Every campaign's monitoring plan (one row per campaign; a yearly review reads them).</summary>
    public async Task<IReadOnlyList<MonitoringStart>> PlansAsync(CancellationToken cancellationToken)
    {
        var plans = new List<MonitoringStart>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {PlanRow}"), cancellationToken: cancellationToken))
        {
            if (JsonSerializer.Deserialize<MonitoringStart>(row.GetString("Plan"), Workflows.Json) is { } plan)
            {
                plans.Add(plan);
            }
        }

        return plans;
    }

    /// <summary>The campaign whose monitoring takes <paramref name="league"/>'s <paramref name="quarter"/>, if any.</summary>
    public async Task<string?> CampaignTakingAsync(string league, string quarter, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(IndexPartition, $"{league}|{quarter}", cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("CampaignId") : null;
    }

    public async Task SaveAsync(string campaignId, QuarterRow row, QuarterRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        await files.UploadAsync(StorageNames.WorkContainer, row.DataBlob, JsonSerializer.SerializeToUtf8Bytes(record, Workflows.Json), cancellationToken);
        await _table.UpsertEntityAsync(new TableEntity(campaignId, $"q|{row.Quarter}|{row.League}")
        {
            ["League"] = row.League,
            ["Quarter"] = row.Quarter,
            ["Monitored"] = row.Monitored,
            ["UploadedAt"] = row.UploadedAt,
            ["Late"] = row.Late,
            ["RejectedRows"] = row.RejectedRows,
            ["ValidationReport"] = row.ValidationReport,
            ["TotalPredicted"] = Text(row.TotalPredicted),
            ["TotalActual"] = Text(row.TotalActual),
            ["Fit"] = Text(row.Fit),
            ["Deviating"] = row.Deviating,
            ["Conflicts"] = row.Conflicts,
            ["DataBlob"] = row.DataBlob,
            ["ReportBlob"] = row.ReportBlob,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<QuarterRow>> RowsAsync(string campaignId, CancellationToken cancellationToken)
    {
        var rows = new List<QuarterRow>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {"q|"} and RowKey lt {"q}"}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(new QuarterRow(e.GetString("League"), e.GetString("Quarter"), e.GetBoolean("Monitored") ?? false, e.GetDateTimeOffset("UploadedAt") ?? default,
                e.GetBoolean("Late") ?? false, e.GetInt32("RejectedRows") ?? 0, e.GetString("ValidationReport"), Number(e.GetString("TotalPredicted")),
                Number(e.GetString("TotalActual")), Number(e.GetString("Fit")), e.GetInt32("Deviating") ?? 0, e.GetInt32("Conflicts") ?? 0,
                e.GetString("DataBlob"), e.GetString("ReportBlob")));
        }

        return rows;
    }

    public async Task<QuarterRecord?> RecordAsync(string campaignId, string quarter, string league, CancellationToken cancellationToken)
    {
        var bytes = await files.DownloadAsync(StorageNames.WorkContainer, DataBlob(campaignId, quarter, league), cancellationToken);
        return bytes is null ? null : JsonSerializer.Deserialize<QuarterRecord>(bytes, Workflows.Json);
    }

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static decimal? Number(string? text) => text is null ? null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}

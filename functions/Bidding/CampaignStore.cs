using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.Bidding;

/// <summary>
/// Where a campaign keeps its things: the scope workbook, round states and submissions (tables), archived uploads,
/// validation reports, parsed bids and results (blobs). Blob layout: <c>scopes/{campaign}/scope.xlsx</c>,
/// <c>bids/{campaign}/round-{n}/{hospital}.xlsx</c>, <c>archive/…</c>, <c>reports/…</c>, <c>results/{campaign}/…</c>.
/// </summary>
public sealed class CampaignStore(StorageClients storage)
{
    private readonly TableClient _rounds = storage.Tables.GetTableClient(StorageNames.CampaignRoundsTable);
    private readonly TableClient _submissions = storage.Tables.GetTableClient(StorageNames.SubmissionsTable);

    /// <summary>How many blob reads or writes a campaign step keeps in flight.</summary>
    public const int StorageParallelism = 16;

    public static string ScopeBlob(string campaignId) => $"{campaignId}/scope.xlsx";

    public static string UploadBlob(string campaignId, int round, string hospital) => $"{campaignId}/round-{round}/{hospital}.xlsx";

    /// <summary>Where one hospital's reports of a round are (in <c>reports</c>; its parsed bids under the same name in <c>work</c>).</summary>
    public static string ReportFolder(string campaignId, int round, string hospital) => $"{campaignId}/round-{round}/{hospital}";

    /// <summary>The validation report of the upload stamped <paramref name="stamp"/> (<see cref="Stamp"/>).</summary>
    public static string ValidationReportName(string stamp) => $"validation-{stamp}.xlsx";

    /// <summary>The report of an upload refused whole before validation (late, wrong round).</summary>
    public static string RefusalReportName(string stamp) => $"refused-{stamp}.xlsx";

    public BlobContainerClient Container(string name) => storage.Blobs.GetBlobContainerClient(name);

    public async Task<byte[]?> DownloadAsync(string container, string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Container(container).GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException failure) when (failure.Status == 404)
        {
            return null;
        }
    }

    public Task UploadAsync(string container, string name, byte[] content, CancellationToken cancellationToken)
        => Container(container).GetBlobClient(name).UploadAsync(new BinaryData(content), overwrite: true, cancellationToken);

    public async Task<IReadOnlyList<(string Name, long Size, DateTimeOffset? Modified)>> ListAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var found = new List<(string, long, DateTimeOffset?)>();
        await foreach (var blob in Container(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            found.Add((blob.Name, blob.Properties.ContentLength ?? 0, blob.Properties.LastModified));
        }

        return found;
    }

    public async Task SaveRoundAsync(RoundState round, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(round.CampaignId, $"round-{round.Round}")
        {
            ["DeadlineUtc"] = new DateTimeOffset(DateTime.SpecifyKind(round.DeadlineUtc, DateTimeKind.Utc)),
            ["IsOpen"] = round.IsOpen,
            ["Extended"] = round.Extended,
        };
        await _rounds.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<RoundState?> GetRoundAsync(string campaignId, int round, CancellationToken cancellationToken)
    {
        var found = await _rounds.GetEntityIfExistsAsync<TableEntity>(campaignId, $"round-{round}", cancellationToken: cancellationToken);
        return found.HasValue
            ? new RoundState(campaignId, round, found.Value!.GetDateTimeOffset("DeadlineUtc")!.Value.UtcDateTime, found.Value.GetBoolean("IsOpen") ?? false, found.Value.GetBoolean("Extended") ?? false)
            : null;
    }

    /// <summary>Records a validated submission unless a later upload of the same hospital and round is already recorded (the last one wins).</summary>
    public async Task SaveSubmissionAsync(string campaignId, BidSubmitted submission, SubmissionValidated validated, string resultBlob, CancellationToken cancellationToken)
    {
        var rowKey = SubmissionKey(submission.Hospital, submission.Round);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await _submissions.GetEntityIfExistsAsync<TableEntity>(campaignId, rowKey, cancellationToken: cancellationToken);
            if (existing.HasValue && existing.Value!.GetDateTimeOffset("UploadedAt") > submission.UploadedAt)
            {
                return;
            }

            var entity = new TableEntity(campaignId, rowKey)
            {
                ["Hospital"] = submission.Hospital,
                ["Round"] = submission.Round,
                ["UploadedAt"] = submission.UploadedAt,
                ["ArchiveBlob"] = submission.ArchiveBlob,
                ["ResultBlob"] = resultBlob,
                ["ReportBlob"] = validated.ReportBlob,
                ["Rejected"] = validated.Rejected,
                ["RejectionReason"] = validated.RejectionReason,
                ["ValidRows"] = validated.ValidRows,
                ["RejectedRows"] = validated.RejectedRows,
            };
            try
            {
                if (existing.HasValue)
                {
                    await _submissions.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _submissions.AddEntityAsync(entity, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException failure) when (failure.Status is 409 or 412)
            {
                // Another upload of the same hospital was recorded meanwhile: compare again.
            }
        }
    }

    public async Task<IReadOnlyList<TableEntity>> SubmissionsAsync(string campaignId, int? round, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId}");
        var found = new List<TableEntity>();
        await foreach (var entity in _submissions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (round is null || entity.GetInt32("Round") == round)
            {
                found.Add(entity);
            }
        }

        return found;
    }

    /// <summary>The hospitals whose latest upload of a round was validated rather than rejected whole: those the round counts as submitted.</summary>
    public async Task<IReadOnlySet<string>> CountedHospitalsAsync(string campaignId, int round, CancellationToken cancellationToken)
        => (await SubmissionsAsync(campaignId, round, cancellationToken))
            .Where(e => e.GetBoolean("Rejected") != true)
            .Select(e => e.GetString("Hospital"))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The workbook of every hospital for a round that counts (its latest judged upload), where it is archived.</summary>
    public async Task<IReadOnlyList<BidSubmitted>> CountedWorkbooksAsync(string campaignId, int round, CancellationToken cancellationToken)
        => [.. (await SubmissionsAsync(campaignId, round, cancellationToken))
            .Select(e => new BidSubmitted(e.GetString("Hospital"), round, e.GetString("ArchiveBlob"), e.GetDateTimeOffset("UploadedAt") ?? DateTimeOffset.MinValue))
            .OrderBy(s => s.Hospital, StringComparer.Ordinal)];

    /// <summary>
    /// One hospital's submissions, round 1 first: a key query on its row-key range (<c>{hospital}|</c> up to <c>{hospital}}</c>;
    /// every character a hospital code may hold sorts below <c>|</c>, so no other hospital's rows fall inside).
    /// </summary>
    public async Task<IReadOnlyList<SubmissionRow>> HospitalSubmissionsAsync(string campaignId, string hospital, CancellationToken cancellationToken)
    {
        var found = new List<SubmissionRow>();
        if (!Security.SignedInHospital.IsWellFormed(hospital))
        {
            return found;
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {hospital + "|"} and RowKey lt {hospital + "}"}");
        await foreach (var e in _submissions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(new SubmissionRow(e.GetString("Hospital"), e.GetInt32("Round") ?? 0, e.GetDateTimeOffset("UploadedAt"), e.GetBoolean("Rejected") ?? false,
                e.GetString("RejectionReason"), e.GetInt32("ValidRows") ?? 0, e.GetInt32("RejectedRows") ?? 0, e.GetString("ReportBlob"), e.GetString("ArchiveBlob"), e.GetString("ResultBlob")));
        }

        return found;
    }

    /// <summary>A submission's row key: the hospital first, so its rounds are one key range (<see cref="HospitalSubmissionsAsync"/>).</summary>
    private static string SubmissionKey(string hospital, int round) => $"{hospital}|r{round}";

    /// <summary>The latest judged workbook of every hospital for a round.</summary>
    public async Task<IReadOnlyList<BidWorkbookResult>> RoundResultsAsync(string campaignId, int round, Func<string, bool>? hospitalFilter, CancellationToken cancellationToken)
    {
        var wanted = (await SubmissionsAsync(campaignId, round, cancellationToken))
            .Where(e => hospitalFilter is null || hospitalFilter(e.GetString("Hospital")))
            .Select(e => e.GetString("ResultBlob"))
            .ToList();
        var results = new System.Collections.Concurrent.ConcurrentBag<BidWorkbookResult>();
        await Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = StorageParallelism, CancellationToken = cancellationToken }, async (blob, ct) =>
        {
            if (await LoadResultAsync(blob, ct) is { } result)
            {
                results.Add(result);
            }
        });

        return [.. results.OrderBy(r => r.Hospital)];
    }

    public async Task<BidWorkbookResult?> LoadResultAsync(string resultBlob, CancellationToken cancellationToken)
    {
        var json = await DownloadAsync(StorageNames.WorkContainer, resultBlob, cancellationToken);
        return json is null ? null : JsonSerializer.Deserialize<BidWorkbookResult>(json, Workflows.Json);
    }

    public async Task<BidWorkbookResult?> LatestResultAsync(string campaignId, int round, string hospital, CancellationToken cancellationToken)
    {
        var entity = await _submissions.GetEntityIfExistsAsync<TableEntity>(campaignId, SubmissionKey(hospital, round), cancellationToken: cancellationToken);
        return entity.HasValue ? await LoadResultAsync(entity.Value!.GetString("ResultBlob"), cancellationToken) : null;
    }

    public Task SaveResultAsync(string resultBlob, BidWorkbookResult result, CancellationToken cancellationToken)
        => UploadAsync(StorageNames.WorkContainer, resultBlob, JsonSerializer.SerializeToUtf8Bytes(result, Workflows.Json), cancellationToken);

    /// <summary>
    /// Where a league/city's ranked items of a closed round are kept as JSON (in <c>work</c>, beside no hospital's folder:
    /// those are <c>{campaign}/round-{n}/…</c>). A closed round's proposals are final, so these never change once written.
    /// </summary>
    public static string LeagueResultsBlob(string campaignId, int round, string league) => $"{campaignId}/league-results/round-{round}/{league}.json";

    public async Task<IReadOnlyList<GuidePriceView>?> LoadLeagueResultsAsync(string campaignId, int round, string league, CancellationToken cancellationToken)
    {
        var json = await DownloadAsync(StorageNames.WorkContainer, LeagueResultsBlob(campaignId, round, league), cancellationToken);
        return json is null ? null : JsonSerializer.Deserialize<List<GuidePriceView>>(json, Workflows.Json);
    }

    /// <summary>
    /// Writes a league/city's ranked items of a closed round unless they are written already (<c>If-None-Match: *</c>): the
    /// first writer wins, and a retried activity or a second first reader, which computed the same items, leaves them as they are.
    /// </summary>
    public async Task SaveLeagueResultsAsync(string campaignId, int round, string league, IReadOnlyList<GuidePriceView> items, CancellationToken cancellationToken)
    {
        var blob = Container(StorageNames.WorkContainer).GetBlobClient(LeagueResultsBlob(campaignId, round, league));
        try
        {
            await blob.UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(items, Workflows.Json)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException failure) when (failure.Status is 409 or 412)
        {
            // Written already, with the same items.
        }
    }

    /// <summary>
    /// What names an upload's report and parsed bids: its archived version's stamp (<see cref="BlobUpload.VersionStamp"/>). Not the
    /// upload time: a re-upload under the same blob name keeps the blob's creation time and would overwrite the earlier report.
    /// </summary>
    public static string StampOf(BidSubmitted submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return Path.GetFileNameWithoutExtension(submission.ArchiveBlob);
    }

    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
}

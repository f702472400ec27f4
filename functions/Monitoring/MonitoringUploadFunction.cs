using System.Text.RegularExpressions;
using Serverless.Domain.Monitoring;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Monitoring;

/// <summary>
/// Blob trigger on <c>monitoring/{league}/{yyyy}-Q{q}.xlsx</c> (DOMAIN.md §6): archives the original (every upload is
/// kept), finds the campaign whose monitoring takes that league's quarter, and raises <c>MonitoringUploaded</c> on it.
/// A bad path, an oversized file, a quarter no monitoring takes, or a monitoring already closed is refused with a report
/// beside the upload (<c>reports/monitoring/{league}/{quarter}/refused-{stamp}.xlsx</c>). The same bytes again start nothing.
/// </summary>
public sealed partial class MonitoringUploadFunction(MonitoringStore store, CampaignStore files, UploadedBlobs uploads, WorkbookReader reader, DurableTaskClient client, ILogger<MonitoringUploadFunction> logger)
    : IBlobUploadHandler
{
    public const string Container = StorageNames.MonitoringContainer;

    string IBlobUploadHandler.Container => Container;

    public async Task HandleAsync(BlobUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var match = UploadPath().Match(upload.Name);
        var quarterOk = MonitoringQuarter.TryParse(match.Groups["quarter"].Value, out var quarter);
        var (league, folder, fileName) = match.Success && quarterOk
            ? (match.Groups["league"].Value, $"monitoring/{match.Groups["league"].Value}/{quarter}", $"{match.Groups["league"].Value}-{quarter}.xlsx")
            : (null, "monitoring/unrecognised", upload.Name);
        var stamp = upload.VersionStamp;
        if (!upload.HasAllowedName || await uploads.PropertiesAsync(upload.Container, upload.Name, cancellationToken) is not { } found)
        {
            logger.LogWarning("Monitoring upload {Name} cannot be read back; refused with a report.", upload.Name);
            await RefuseAsync($"{folder}/refused-{stamp}.xlsx", fileName, BidUploadFunction.BadNameCode,
                "无法读取上传的文件（文件名不合规或已被删除），请重新上传", "The upload cannot be read back (a name storage does not allow, or deleted); upload it again", cancellationToken);
            return;
        }

        if (UploadLimits.TooLarge(fileName, found.Size, reader.Options.MaxFileBytes) is { } tooLarge)
        {
            await files.UploadAsync(StorageNames.ReportsContainer, $"{folder}/refused-{stamp}.xlsx", BiddingWorkbooks.ErrorReport([tooLarge]), cancellationToken);
            return;
        }

        var content = await uploads.TakeOnAsync(upload.Container, upload.Name, found.Size, found.ETag, $"{folder}/{stamp}.xlsx", cancellationToken);
        if (content is null)
        {
            return;
        }

        await uploads.ArchiveAsync(content, cancellationToken);
        var refusal = league is null
            ? ("上传路径应为 monitoring/{盟市编码}/{年份}-Q{季度}.xlsx，如 monitoring/150100/2027-Q1.xlsx", "The upload path must be monitoring/{league}/{yyyy}-Q{q}.xlsx")
            : await RaiseAsync(league, quarter, content.ArchiveBlob, upload.CreatedAt, cancellationToken);
        if (refusal is var (zh, en))
        {
            logger.LogInformation("Refused monitoring upload {Name}: {Reason}", upload.Name, en);
            await RefuseAsync($"{folder}/refused-{stamp}.xlsx", fileName, "refused", zh, en, cancellationToken);
        }

        await uploads.FinishAsync(content, cancellationToken);
    }

    /// <summary>Hands the archived upload to the monitoring that takes it; the reason when none does.</summary>
    private async Task<(string Zh, string En)?> RaiseAsync(string league, MonitoringQuarter quarter, string archiveBlob, DateTimeOffset uploadedAt, CancellationToken cancellationToken)
    {
        if (await store.CampaignTakingAsync(league, quarter.ToString(), cancellationToken) is not { } campaignId)
        {
            return ($"没有价格调整监测在接收盟市 {league} {quarter} 的数据，原文件已存档", $"No monitoring takes league/city {league}'s {quarter}; the upload is kept");
        }

        var instanceId = MonitoringOrchestration.InstanceIdOf(campaignId);
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is not { } instance || !instance.WillHearEvents())
        {
            return ($"批次 {campaignId} 的价格监测已结束，不再接收数据，原文件已存档", $"The monitoring of campaign {campaignId} has closed; the upload is kept");
        }

        await client.RaiseEventAsync(instanceId, MonitoringOrchestration.UploadedEvent, new MonitoringUploaded(league, quarter.ToString(), archiveBlob, uploadedAt), cancellationToken);
        return null;
    }

    private Task RefuseAsync(string reportBlob, string fileName, string code, string zh, string en, CancellationToken cancellationToken)
        => files.UploadAsync(StorageNames.ReportsContainer, reportBlob,
            BiddingWorkbooks.ErrorReport([new SheetIssue(fileName, null, null, null, null, code, zh, en)]), cancellationToken);

    [GeneratedRegex(@"^(?<league>[A-Za-z0-9][A-Za-z0-9_-]{0,31})/(?<quarter>\d{4}-[Qq][1-4])\.xlsx\z")]
    private static partial Regex UploadPath();
}

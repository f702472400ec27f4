using System.Globalization;
using System.Text.RegularExpressions;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Bidding;

/// <summary>
/// Blob trigger on <c>bids/{campaignId}/round-{n}/{hospitalCode}.xlsx</c>: checks the path and that the round is
/// open, archives the original (every upload is kept, even a refused one), and raises <c>BidSubmitted</c> on the
/// campaign, or refuses it as late when storage wrote it after the round's deadline. A blob over the reader's size limit is refused with a report before anything reads it. A re-upload with
/// other bytes replaces the hospital's bid for the round (the earlier stays archived); an event that leaves the bytes as
/// they were (metadata, a second delivery, the same file again) starts nothing: see <see cref="UploadedBlobs"/>.
/// </summary>
public sealed partial class BidUploadFunction(CampaignStore store, UploadedBlobs uploads, WorkbookReader reader, DurableTaskClient client, ILogger<BidUploadFunction> logger)
    : IBlobUploadHandler
{
    /// <summary>The report's reason for an upload whose blob name storage does not allow (see <see cref="BlobUpload.HasAllowedName"/>).</summary>
    public const string BadNameCode = "bad_name";
    public const string BadNameZh = "文件名不能以“/”或“.”结尾（Azure 存储不允许），无法读取；原文件保留在上传位置，请重命名后重新上传";
    public const string BadNameEn = "A blob name must not end in “/” or “.” (Azure Storage does not allow it), so the upload cannot be read; it stays where it was uploaded — rename it and upload again";

    public string Container => StorageNames.BidsContainer;

    public async Task HandleAsync(BlobUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (!upload.HasAllowedName)
        {
            // It cannot be read back nor moved to the archive, so it stays where it was uploaded.
            logger.LogWarning("Upload {Name} has a name storage does not allow; kept in place and refused with a report.", upload.Name);
            await RefuseAsync($"unrecognised/{upload.VersionStamp}-{Sanitize(upload.Name)}.xlsx", upload.Name, BadNameCode, BadNameZh, BadNameEn, cancellationToken);
            return;
        }

        var properties = await uploads.PropertiesAsync(upload.Container, upload.Name, cancellationToken);
        if (properties is not { } found)
        {
            // Deleted since, or a name storage cannot address back: said in a report, never silently.
            logger.LogWarning("Upload {Name} cannot be read back; refused with a report.", upload.Name);
            await RefuseAsync($"unrecognised/{upload.VersionStamp}-{Sanitize(upload.Name)}.xlsx", upload.Name,
                "无法读取上传的文件（可能已被删除），请重新上传", "The upload cannot be read back (it may have been deleted); upload it again", cancellationToken);
            return;
        }

        var (size, etag, lastModified) = found;
        var stamp = upload.VersionStamp;
        var match = UploadPath().Match(upload.Name);
        var campaignId = match.Groups["campaign"].Value;
        var round = match.Success ? int.Parse(match.Groups["round"].Value, CultureInfo.InvariantCulture) : 0;
        var hospital = match.Groups["hospital"].Value;
        var (refusalBlob, fileName) = match.Success
            ? ($"{CampaignStore.ReportFolder(campaignId, round, hospital)}/{CampaignStore.RefusalReportName(stamp)}", $"{hospital}.xlsx")
            : ($"unrecognised/{stamp}-{Sanitize(upload.Name)}.xlsx", upload.Name);
        if (UploadLimits.TooLarge(fileName, size, reader.Options.MaxFileBytes) is { } tooLarge)
        {
            // Refused on its size alone, never downloaded (nor archived): it stays where it was uploaded.
            logger.LogWarning("Upload {Name} is {Size} bytes, over the limit; refused unread.", upload.Name, size);
            await store.UploadAsync(StorageNames.ReportsContainer, refusalBlob, BiddingWorkbooks.ErrorReport([tooLarge]), cancellationToken);
            return;
        }

        var archive = match.Success ? $"{campaignId}/round-{round}/{hospital}/{stamp}.xlsx" : $"unrecognised/{stamp}-{Sanitize(upload.Name)}";
        var content = await uploads.TakeOnAsync(upload.Container, upload.Name, size, etag, archive, cancellationToken);
        if (content is null)
        {
            // Metadata changed, a second delivery, or the same bytes uploaded again (or changed since: that has its own event).
            logger.LogInformation("Upload {Name}: its content was already handled; nothing new.", upload.Name);
            return;
        }

        await uploads.ArchiveAsync(content, cancellationToken);
        if (!match.Success)
        {
            await RefuseAsync(refusalBlob, upload.Name,
                "上传路径应为 bids/{批次}/round-{1或2}/{机构编码}.xlsx", "The upload path must be bids/{campaign}/round-{1|2}/{hospital}.xlsx", cancellationToken);
            await uploads.FinishAsync(content, cancellationToken);
            return;
        }

        // Lateness is judged by when storage wrote the upload, not by when the trigger delivered it; a round stays
        // open for the delivery grace after its deadline to take the uploads written by then.
        var state = await store.GetRoundAsync(campaignId, round, cancellationToken);
        if (state is null || !state.IsOpen || lastModified.UtcDateTime > state.DeadlineUtc)
        {
            var (zh, en) = state is null || !state.IsOpen
                ? ($"批次 {campaignId} 第 {round} 轮未开放或已结束，上传不予受理，原文件已存档", $"Round {round} of campaign {campaignId} is not open; the upload is refused and kept")
                : LateUpload.Reasons(round, state.DeadlineUtc, lastModified);
            logger.LogInformation("Refused {Name}: {Reason}", upload.Name, en);
            await RefuseAsync(refusalBlob, fileName, zh, en, cancellationToken);
            await uploads.FinishAsync(content, cancellationToken);
            return;
        }

        await client.RaiseEventAsync(campaignId, CampaignOrchestration.BidSubmittedEvent, new BidSubmitted(hospital, round, content.ArchiveBlob, lastModified), cancellationToken);
        await uploads.FinishAsync(content, cancellationToken);
    }

    private Task RefuseAsync(string reportBlob, string fileName, string zh, string en, CancellationToken cancellationToken)
        => RefuseAsync(reportBlob, fileName, "refused", zh, en, cancellationToken);

    private Task RefuseAsync(string reportBlob, string fileName, string code, string zh, string en, CancellationToken cancellationToken)
        => store.UploadAsync(StorageNames.ReportsContainer, reportBlob,
            BiddingWorkbooks.ErrorReport([new SheetIssue(fileName, null, null, null, null, code, zh, en)]), cancellationToken);


    private static string Sanitize(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').Take(100)]);

    [GeneratedRegex(@"^(?<campaign>[A-Za-z0-9][A-Za-z0-9_-]{0,62})/round-(?<round>[12])/(?<hospital>[A-Za-z0-9][A-Za-z0-9_-]{0,31})\.xlsx\z")]
    private static partial Regex UploadPath();
}

using System.Globalization;
using System.Text.RegularExpressions;
using Serverless.Domain.NewItems;
using Serverless.Domain.Tabular;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.NewItems;

/// <summary>
/// Blob trigger on <c>applications/{hospitalCode}/{name}.xlsx</c>: keeps the original in the archive, reads one
/// application per row, starts a workflow for each good row (the blob's name, content hash and row make the id, so a
/// re-delivered, re-tagged or identically re-uploaded workbook starts nothing new; one over the size limit is refused
/// unread) and writes every problem — file, row, column, reason — to
/// <c>reports/applications/{hospital}/{stamp}.xlsx</c>. A row of another hospital is refused.
/// </summary>
public sealed partial class ApplicationUploadFunction(CampaignStore files, UploadedBlobs uploads, NewItemSubmissions submissions, WorkbookReader reader, ILogger<ApplicationUploadFunction> logger)
    : IBlobUploadHandler
{
    public string Container => StorageNames.ApplicationsContainer;

    public static string ReportBlob(string hospital, string stamp) => $"applications/{hospital}/{stamp}.xlsx";

    /// <summary>
    /// The blob (in <c>applications</c>) a clerk's workbook named <paramref name="fileName"/> goes to:
    /// <c>{hospital}/{name}.xlsx</c>, ".xlsx" added when missing. Null, with the reason, for a name that could leave
    /// the hospital's folder or that storage and clients treat unreliably: separators, "..", control or invisible
    /// formatting characters, URL-special characters, a trailing dot or space, or more than the trigger accepts.
    /// </summary>
    public static string? UploadBlob(string hospital, string? fileName, out string? problem)
    {
        var name = fileName?.Trim() ?? "";
        if (name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^".xlsx".Length];
        }

        problem = name switch
        {
            "" => "fileName is required (e.g. 2027-申请.xlsx).",
            _ when name.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator) || !IsWellFormed(name)
                => "fileName must not contain control or invisible formatting characters.",
            _ when name.IndexOfAny(['/', '\\']) >= 0 => "fileName must be a name only, without / or \\.",
            _ when name.Contains("..", StringComparison.Ordinal) => "fileName must not contain \"..\".",
            _ when name.IndexOfAny([':', '*', '?', '"', '<', '>', '|', '#', '%']) >= 0 => "fileName must not contain any of : * ? \" < > | # %.",
            _ when name.EndsWith('.') || name.EndsWith(' ') || name.StartsWith('.') => "fileName must not start with a dot or end with a dot or a space.",
            _ when name.Length > MaxNameLength => $"fileName must be at most {MaxNameLength} characters before .xlsx.",
            _ => null,
        };
        return problem is null ? $"{hospital}/{name}.xlsx" : null;
    }

    /// <summary>The longest name (without .xlsx) the upload path accepts.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Whether every surrogate is half of a pair (an emoji is fine, a lone half is not a character).</summary>
    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    public async Task HandleAsync(BlobUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (!upload.HasAllowedName)
        {
            // It cannot be read back nor moved to the archive, so it stays where it was uploaded.
            logger.LogWarning("Upload {Name} has a name storage does not allow; kept in place and refused with a report.", upload.Name);
            await files.UploadAsync(StorageNames.ReportsContainer, ReportBlob("unrecognised", upload.VersionStamp), BiddingWorkbooks.ErrorReport(
                [new SheetIssue(upload.Name, null, null, null, null, BidUploadFunction.BadNameCode, BidUploadFunction.BadNameZh, BidUploadFunction.BadNameEn)]), cancellationToken);
            return;
        }

        var properties = await uploads.PropertiesAsync(upload.Container, upload.Name, cancellationToken);
        if (properties is not { } found)
        {
            // Deleted since, or a name storage cannot address back: said in a report, never silently.
            logger.LogWarning("Upload {Name} cannot be read back; refused with a report.", upload.Name);
            await files.UploadAsync(StorageNames.ReportsContainer, ReportBlob("unrecognised", upload.VersionStamp), BiddingWorkbooks.ErrorReport(
                [new SheetIssue(upload.Name, null, null, null, null, "unreadable", "无法读取上传的文件（可能已被删除），请重新上传",
                    "The upload cannot be read back (it may have been deleted); upload it again")]), cancellationToken);
            return;
        }

        var (size, etag, _) = found;
        var stamp = upload.VersionStamp;
        var match = UploadPath().Match(upload.Name);
        var hospital = match.Success ? match.Groups["hospital"].Value : "unrecognised";
        if (UploadLimits.TooLarge(Path.GetFileName(upload.Name), size, reader.Options.MaxFileBytes) is { } tooLarge)
        {
            // Refused on its size alone, never downloaded (nor archived): it stays where it was uploaded.
            logger.LogWarning("Upload {Name} is {Size} bytes, over the limit; refused unread.", upload.Name, size);
            await files.UploadAsync(StorageNames.ReportsContainer, ReportBlob(hospital, stamp), BiddingWorkbooks.ErrorReport([tooLarge]), cancellationToken);
            return;
        }

        var content = await uploads.TakeOnAsync(upload.Container, upload.Name, size, etag, $"applications/{hospital}/{stamp}.xlsx", cancellationToken);
        if (content is null)
        {
            // Metadata changed, a second delivery, or the same bytes uploaded again (or changed since: that has its own event).
            logger.LogInformation("Upload {Name}: its content was already handled; nothing new.", upload.Name);
            return;
        }

        await uploads.ArchiveAsync(content, cancellationToken);
        var fileName = Path.GetFileName(upload.Name);
        var issues = new List<SheetIssue>();
        var started = 0;
        if (!match.Success)
        {
            issues.Add(new SheetIssue(fileName, null, null, null, null, "bad_path", "上传路径应为 applications/{机构编码}/{文件名}.xlsx", "The upload path must be applications/{hospital}/{name}.xlsx"));
        }
        else
        {
            await using var stream = await uploads.OpenReadAsync(content, cancellationToken);
            var read = reader.ReadSheet(stream, fileName, NewItemSheets.Applications);
            issues.AddRange(read.Issues);
            if (read.Sheet is not null)
            {
                var (valid, rowIssues) = NewItemSheets.ReadApplications(read.Sheet);
                issues.AddRange(rowIssues);
                foreach (var application in valid)
                {
                    if (application.Hospital?.Value != hospital)
                    {
                        issues.Add(new SheetIssue(fileName, read.Sheet.SheetName, application.RowNumber, "机构编码", application.Hospital?.Value, "foreign_hospital",
                            $"机构编码与上传目录 {hospital} 不符，该行不予受理", $"The hospital code differs from the upload folder {hospital}; the row is refused"));
                        continue;
                    }

                    var submitted = await submissions.SubmitAsync(ApplicationForm.FromDomain(application), upload.Name, application.RowNumber,
                        $"{upload.Name}\n{content.Sha256}\n{application.RowNumber}", cancellationToken);
                    started += submitted.Created ? 1 : 0;
                    issues.AddRange(submitted.Issues);
                }
            }
        }

        if (issues.Count > 0)
        {
            await files.UploadAsync(StorageNames.ReportsContainer, ReportBlob(hospital, stamp), BiddingWorkbooks.ErrorReport(issues), cancellationToken);
        }

        await uploads.FinishAsync(content, cancellationToken);
        logger.LogInformation("Application upload {Name}: {Started} started, {Issues} problems.", upload.Name, started, issues.Count);
    }

    [GeneratedRegex(@"^(?<hospital>[A-Za-z0-9][A-Za-z0-9_-]{0,31})/[^/]{1,200}\.xlsx\z", RegexOptions.IgnoreCase)]
    private static partial Regex UploadPath();
}

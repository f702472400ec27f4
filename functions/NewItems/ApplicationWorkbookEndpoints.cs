using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Functions.WebConsole;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.NewItems;

/// <summary>
/// A clerk files applications by workbook from the console (same origin, no storage URL): the workbook is written where a
/// direct upload goes (<see cref="ApplicationUploadFunction.UploadBlob"/>), so the same trigger reads it, and its outcome
/// — the applications it started and its report's rows — is read back by its name, for the signed-in hospital only.
/// </summary>
public static class ApplicationWorkbookEndpoints
{
    /// <summary>The upload's answer: the blob written and where its outcome is read.</summary>
    public sealed record WorkbookFiled(string Blob, string Outcome);

    /// <summary>
    /// The workbook, as the request body, goes to <c>applications/{hospital}/{fileName}</c>; create-only, as with an
    /// upload URL: a workbook already filed under that name may be in review and is never replaced.
    /// </summary>
    public static async Task<Results<Accepted<WorkbookFiled>, ProblemHttpResult, ForbidHttpResult>> UploadAsync(
        string? fileName, HttpRequest request, StorageClients storage, WorkbookReader reader, AuditTrail audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(reader);
        if (SignedInHospital.CodeOf(request.HttpContext.User) is not { } hospital)
        {
            return TypedResults.Forbid();
        }

        if (ApplicationUploadFunction.UploadBlob(hospital, fileName, out var problem) is not { } blob)
        {
            return ApiProblem.BadRequest("bad_file_name", problem!);
        }

        var max = reader.Options.MaxFileBytes;
        // The reader's limit, not the server's default (30 MB under Kestrel), decides: one byte past it is read to tell.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1;
        }

        var content = request.ContentLength > max ? null : await UploadLimits.ReadAtMostAsync(request.Body, max, cancellationToken);
        if (content is null)
        {
            return ApiProblem.Of(StatusCodes.Status413PayloadTooLarge, UploadLimits.TooLargeCode, "File too large",
                UploadLimits.TooLarge(Path.GetFileName(blob), request.ContentLength ?? max + 1, max)!.MessageEn);
        }

        if (content.Length == 0)
        {
            return ApiProblem.BadRequest("empty_upload", "The upload is empty.");
        }

        try
        {
            await Blob(storage, blob).UploadAsync(new BinaryData(content), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException exists) when (exists.Status is 409 or 412)
        {
            return WorkbookExists(Path.GetFileName(blob));
        }

        await audit.RecordAsync(request.HttpContext.User, "newitem.workbook.upload", StorageNames.ApplicationsContainer, $"{blob}, {content.Length} bytes", cancellationToken);
        var outcome = OutcomeUrl(Path.GetFileName(blob));
        return TypedResults.Accepted(outcome, new WorkbookFiled($"{StorageNames.ApplicationsContainer}/{blob}", outcome));
    }

    /// <summary>
    /// What became of the hospital's workbook <paramref name="fileName"/>: until the trigger has finished with it, only
    /// that; then the applications it started and every problem of its report (row, column, value, reason).
    /// </summary>
    public static async Task<Results<Ok<WorkbookOutcome>, ProblemHttpResult, ForbidHttpResult>> OutcomeAsync(string? fileName, StorageClients storage, UploadedBlobs uploads,
        CampaignStore files, NewItemStore store, WorkbookReader reader, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(uploads);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(http);
        if (SignedInHospital.CodeOf(http.User) is not { } hospital)
        {
            return TypedResults.Forbid();
        }

        if (ApplicationUploadFunction.UploadBlob(hospital, fileName, out var problem) is not { } blob)
        {
            return ApiProblem.BadRequest("bad_file_name", problem!);
        }

        BlobProperties properties;
        try
        {
            properties = (await Blob(storage, blob).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return ApiProblem.NotFound("workbook_not_found", $"No workbook {Path.GetFileName(blob)} was uploaded by hospital {hospital}.");
        }

        var name = Path.GetFileName(blob);
        if (!await uploads.IsFinishedAsync(StorageNames.ApplicationsContainer, blob, cancellationToken))
        {
            return TypedResults.Ok(new WorkbookOutcome(name, false, [], []));
        }

        // The trigger names the report after the version it read (a report exists only when there were problems).
        var version = new BlobUpload(StorageNames.ApplicationsContainer, blob, properties.ETag.ToString(), properties.CreatedOn).VersionStamp;
        var report = await files.DownloadAsync(StorageNames.ReportsContainer, ApplicationUploadFunction.ReportBlob(hospital, version), cancellationToken);
        var filed = await store.FiledFromAsync(hospital, blob, cancellationToken);
        return TypedResults.Ok(new WorkbookOutcome(name, true, filed, report is null ? [] : ConsoleEndpoints.ReportRows(reader, report)));
    }

    /// <summary>The application workbook to fill in, titled with the signed-in hospital's code, every column explained.</summary>
    public static Results<FileContentHttpResult, ForbidHttpResult> Template(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return SignedInHospital.CodeOf(http.User) is { } hospital
            ? TypedResults.File(NewItemWorkbooks.ApplicationTemplate(hospital), XlsxContentType, $"{hospital}-新增项目申请模板.xlsx")
            : TypedResults.Forbid();
    }

    /// <summary>The 409 for an application workbook name already used: it may be in review, so it is never replaced (the upload URL answers the same).</summary>
    internal static ProblemHttpResult WorkbookExists(string fileName)
        => ApiProblem.Conflict("workbook_exists", $"{fileName} was already uploaded; give the new workbook another name.");

    private const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static string OutcomeUrl(string fileName) => $"/api/new-items/workbook?fileName={Uri.EscapeDataString(fileName)}";

    private static Azure.Storage.Blobs.BlobClient Blob(StorageClients storage, string name)
        => storage.Blobs.GetBlobContainerClient(StorageNames.ApplicationsContainer).GetBlobClient(name);
}

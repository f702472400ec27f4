using System.Security.Claims;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Domain.Calendar;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.WebConsole;

/// <summary>
/// What the officials' web console (<c>/console/</c>) needs besides the workflow APIs it calls directly: who is signed
/// in, lists, the hospital's upload into the open round, a validation report as rows, and — locally only — signing in
/// as one of the development officials. Every endpoint applies the same roles as the API.
/// </summary>
public static partial class ConsoleEndpoints
{
    /// <summary>The development officials offered on the local sign-in page (in Azure, Entra ID signs people in).</summary>
    public static IReadOnlyList<DevUser> DevUsers { get; } =
    [
        new("li.price", Roles.PriceOffice, null, "李（价格处）"),
        new("wang.health", Roles.HealthCommission, null, "王（卫健委）"),
        new("chen.expert", Roles.ExpertPanel, null, "陈（专家组）"),
        new("zhao.head", Roles.OfficeHead, null, "赵（处长）"),
        new("sun.fund", Roles.FundOffice, null, "孙（基金处）"),
        new("zhou.finance", Roles.FinanceOffice, null, "周（自治区财政厅）"),
        new("wu.finance", Roles.FinanceOffice, null, "吴（呼和浩特市财政局）", "150100"),
        new("clerk.h01001", Roles.Hospital, "H01001", "医院 H01001 经办人"),
        new("clerk.h01002", Roles.Hospital, "H01002", "医院 H01002 经办人"),
    ];

    /// <summary>A development user; <paramref name="Region"/> is a regional finance office's co-ordination region.</summary>
    public sealed record DevUser(string User, string Role, string? Hospital, string Label, string? Region = null);

    public sealed record Me(string User, IReadOnlyList<string> Roles, string? Hospital, bool InAzure, string? Region = null);

    public sealed record CampaignListItem(string CampaignId, string Status, CampaignProgress? Progress, DateTimeOffset CreatedAt);

    public sealed record ReportRow(string? File, string? Sheet, string? Row, string? Column, string? Value, string? Severity, string? Code, string? ReasonZh, string? ReasonEn);

    public sealed record BidUploaded(string Blob, string Status);

    /// <summary>Development sign-in only (the route exists in no other mode): the users offered on the sign-in page.</summary>
    public static Ok<IReadOnlyList<DevUser>> DevUsersList() => TypedResults.Ok(DevUsers);

    /// <summary>Development sign-in only: a development token for one of <see cref="DevUsers"/>, as the issue-token command gives.</summary>
    public static Results<Ok<string>, ProblemHttpResult> DevSignIn(DevUser request, DevTokens tokens, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tokens);
        var user = DevUsers.FirstOrDefault(u => u.User == request.User);
        return user is null
            ? ApiProblem.BadRequest("unknown_dev_user", $"Unknown development user {request.User}.")
            : TypedResults.Ok(tokens.Issue(user.User, user.Role, user.Hospital, time.GetUtcNow().AddHours(8), user.Region));
    }

    public static Ok<Me> MeAsync(HttpContext http, Microsoft.Extensions.Options.IOptions<SignInOptions> signIn)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(signIn);
        return TypedResults.Ok(new Me(http.User.Identity?.Name ?? "anonymous", [.. Roles.All.Where(http.User.IsInRole)], SignedInHospital.CodeOf(http.User),
            signIn.Value.Mode == SignInMode.AppService, SignedInRegion.CodeOf(http.User)));
    }

    /// <summary>
    /// Every campaign for officials; a hospital sees only the campaigns it is invited to (by their scope), and of each only
    /// its phase, round and deadline (<see cref="CampaignProgress.ForHospital"/>).
    /// </summary>
    public static async Task<Ok<IReadOnlyList<CampaignListItem>>> CampaignsAsync(DurableTaskClient client, ScopeCache scopes, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(http);
        var official = Roles.Officials.Any(http.User.IsInRole);
        var hospital = SignedInHospital.CodeOf(http.User);
        var items = new List<CampaignListItem>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }).WithCancellation(cancellationToken))
        {
            if (instance.Name != CampaignOrchestration.Name)
            {
                continue;
            }

            if (!official && (hospital is null || !await IsInvitedAsync(scopes, instance.InstanceId, hospital, cancellationToken)))
            {
                continue;
            }

            var progress = instance.ReadCustomStatusAs<CampaignProgress>();
            items.Add(new CampaignListItem(instance.InstanceId, instance.RuntimeStatus.ToString(), official ? progress : progress?.ForHospital(), instance.CreatedAt));
        }

        return TypedResults.Ok<IReadOnlyList<CampaignListItem>>([.. items.OrderByDescending(i => i.CreatedAt)]);
    }

    /// <summary>Whether the campaign's scope invites the hospital; a campaign without a valid scope invites no one.</summary>
    private static async Task<bool> IsInvitedAsync(ScopeCache scopes, string campaignId, string hospital, CancellationToken cancellationToken)
    {
        if (!ResourceIds.IsValid(campaignId) || (await scopes.LoadAsync(campaignId, cancellationToken)).Scope is null)
        {
            return false;
        }

        return (await scopes.CatalogAsync(campaignId, cancellationToken)).IsInvited(new Serverless.Domain.Bidding.HospitalCode(hospital));
    }

    /// <summary>A hospital uploads its workbook into a round: written to the same blob path as a direct upload, so the same trigger and validation run.</summary>
    public static async Task<Results<Accepted<BidUploaded>, ForbidHttpResult, ProblemHttpResult>> UploadBidAsync(
        string campaignId, int round, HttpRequest request, CampaignStore store, TimeProvider time, AuditTrail audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hospital = SignedInHospital.CodeOf(request.HttpContext.User);
        if (!request.HttpContext.User.IsInRole(Roles.Hospital) || hospital is null)
        {
            return TypedResults.Forbid();
        }

        if (!ResourceIds.IsValid(campaignId) || round is not (1 or 2))
        {
            return ApiProblem.BadRequest("unknown_round", "Unknown campaign or round.");
        }

        var state = await store.GetRoundAsync(campaignId, round, cancellationToken);
        if (state is null || !state.IsOpen || time.GetUtcNow().UtcDateTime > state.DeadlineUtc)
        {
            return BiddingEndpoints.RoundNotOpen(campaignId, round);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return ApiProblem.BadRequest("empty_upload", "The upload is empty.");
        }

        var blob = CampaignStore.UploadBlob(campaignId, round, hospital);
        await store.UploadAsync(StorageNames.BidsContainer, blob, buffer.ToArray(), cancellationToken);
        await audit.RecordAsync(request.HttpContext.User, "bid.upload", campaignId, blob, cancellationToken);
        return TypedResults.Accepted($"/api/campaigns/{campaignId}/hospitals/{hospital}/report", new BidUploaded($"bids/{blob}", "uploaded"));
    }

    /// <summary>The hospital's latest validation report (its own only, or any for officials) as rows: file, row, column, reason.</summary>
    public static async Task<Results<Ok<IReadOnlyList<ReportRow>>, NotFound, ForbidHttpResult>> ReportAsync(string campaignId, string hospital, CampaignStore store, WorkbookReader reader,
        HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!SignedInHospital.MayActFor(http.User, hospital))
        {
            return TypedResults.Forbid();
        }

        var latest = (await store.HospitalSubmissionsAsync(campaignId, hospital, cancellationToken)).OrderByDescending(r => r.UploadedAt).FirstOrDefault();
        if (latest?.ReportBlob is not { } reportBlob)
        {
            return TypedResults.NotFound();
        }

        var bytes = await store.DownloadAsync(StorageNames.ReportsContainer, reportBlob, cancellationToken);
        if (bytes is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ReportRows(reader, bytes));
    }

    /// <summary>The rows of an error report workbook (<c>BiddingWorkbooks.ErrorReport</c>): file, sheet, row, column, value, severity, code, reasons.</summary>
    public static IReadOnlyList<ReportRow> ReportRows(WorkbookReader reader, byte[] report)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var stream = new MemoryStream(report);
        var read = reader.ReadSheet(stream, "report.xlsx", ReportSheet);
        return read.Sheet is null ? [] : [.. read.Sheet.Rows.Select(r => new ReportRow(r.Cells[0], r.Cells[1], r.Cells[2], r.Cells[3], r.Cells[4], r.Cells[5], r.Cells[6], r.Cells[7], r.Cells[8]))];
    }

    /// <summary>Applications: every one for officials, a hospital's own for its clerk.</summary>
    public static async Task<Ok<IReadOnlyList<Dictionary<string, object?>>>> ApplicationsAsync(StorageClients storage, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(http);
        var hospital = Roles.Officials.Any(http.User.IsInRole) ? null : SignedInHospital.CodeOf(http.User) ?? "-";
        var table = storage.Tables.GetTableClient(StorageNames.NewItemsTable);
        var rows = new List<Dictionary<string, object?>>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {NewItems.NewItemStore.ApplicationRow}"), cancellationToken: cancellationToken))
        {
            if (hospital is null || row.GetString("Hospital") == hospital)
            {
                rows.Add(new Dictionary<string, object?>
                {
                    ["applicationId"] = row.PartitionKey, ["hospital"] = row.GetString("Hospital"), ["proposedName"] = row.GetString("ProposedName"),
                    ["status"] = row.GetString("Status"), ["channel"] = row.GetString("Channel"), ["submittedAt"] = row.GetDateTimeOffset("SubmittedAt"),
                    ["trialEnd"] = row.GetString("TrialEnd"),
                });
            }
        }

        return TypedResults.Ok<IReadOnlyList<Dictionary<string, object?>>>([.. rows.OrderByDescending(r => (DateTimeOffset?)r["submittedAt"])]);
    }

    /// <summary>The finance office's pending transfer confirmations (a regional office's own region's only), oldest first, with days since the notice.</summary>
    public static async Task<Ok<IReadOnlyList<Dictionary<string, object?>>>> FundTasksAsync(StorageClients storage, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(http);
        var table = storage.Tables.GetTableClient(StorageNames.FundContributionsTable);
        var rows = new List<Dictionary<string, object?>>();
        var today = ChinaTime.ToChinaDate(time.GetUtcNow());
        var filter = SignedInRegion.CodeOf(http.User) is { } region
            ? TableClient.CreateQueryFilter($"Confirmed eq {false} and RowKey eq {region}")
            : TableClient.CreateQueryFilter($"Confirmed eq {false}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var parts = row.PartitionKey.Split('-');
            var noticed = row.Timestamp is { } stamp ? ChinaTime.ToChinaDate(stamp) : today;
            rows.Add(new Dictionary<string, object?>
            {
                ["fund"] = parts[0], ["year"] = parts.Length > 1 ? parts[1] : null, ["region"] = row.RowKey, ["amount"] = row.GetString("Amount"),
                ["daysOpen"] = today.DayNumber - noticed.DayNumber,
            });
        }

        return TypedResults.Ok<IReadOnlyList<Dictionary<string, object?>>>([.. rows.OrderByDescending(r => (int)r["daysOpen"]!)]);
    }

    private static readonly SheetSpec ReportSheet = new("错误报告", "errors",
    [
        new("file", "文件", "file", false), new("sheet", "工作表", "sheet", false), new("row", "行", "row", false), new("column", "列", "column", false),
        new("value", "值", "value", false), new("severity", "级别", "severity", false), new("code", "代码", "code", false), new("reason_zh", "原因", "reason_zh", false),
        new("reason_en", "Reason", "reason_en", false),
    ], FallbackToFirstSheet: true);

}

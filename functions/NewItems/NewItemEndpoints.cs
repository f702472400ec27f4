using System.Security.Claims;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.Calendar;
using Serverless.Domain.NewItems;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.NewItems;

/// <summary>The new-item API: hospitals submit and resubmit, officials decide their steps, everyone reads what they may.</summary>
public static class NewItemEndpoints
{
    public sealed record UploadUrlRequest(string? FileName);

    public sealed record SubmitResult(string ApplicationId, string Status, bool Created);

    public sealed record DecisionResult(string ApplicationId, string WaitId, string Decision, string Status);

    /// <summary>One application: its workflow's state, stored row, timeline and notifications; the whole form, the compatibility candidates and the step diagram.</summary>
    public sealed record ApplicationView(string ApplicationId, string RuntimeStatus, NewItemProgress? Progress, NewItemOutcome? Outcome,
        IReadOnlyDictionary<string, object?> Application, IReadOnlyList<IReadOnlyDictionary<string, object?>> Timeline, IReadOnlyList<IReadOnlyDictionary<string, object?>> Notifications,
        ApplicationForm? Form = null, IReadOnlyList<CandidateView>? Candidates = null, IReadOnlyList<StepView>? Steps = null);

    /// <summary>A hospital submits its own application (a price official may submit for one). An Idempotency-Key header makes a retry safe.</summary>
    public static async Task<Results<Accepted<SubmitResult>, Ok<SubmitResult>, BadRequest<IReadOnlyList<SheetIssue>>, ForbidHttpResult, UnprocessableEntity<string>>> SubmitAsync(
        ApplicationForm form, NewItemSubmissions submissions, NewItemStore store, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(http);
        if (!http.User.IsInRole(Roles.PriceOffice) && (!http.User.IsInRole(Roles.Hospital) || SignedInHospital.CodeOf(http.User) != form.HospitalCode?.Trim()))
        {
            return TypedResults.Forbid();
        }

        var key = http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } given ? given : Guid.NewGuid().ToString("N");
        var submitted = await submissions.SubmitAsync(form, "api", null, key, cancellationToken);
        if (submitted.ApplicationId is null)
        {
            return TypedResults.BadRequest(submitted.Issues);
        }

        // A key already used for another application is a client mistake, not a retry: say so rather than answer for the first.
        if (!submitted.Created && http.Request.Headers.ContainsKey("Idempotency-Key")
            && await store.GetApplicationAsync(submitted.ApplicationId, cancellationToken) is { } stored
            && System.Text.Json.JsonSerializer.Serialize(stored.Form, Workflows.Json) != System.Text.Json.JsonSerializer.Serialize(form with { HospitalCode = form.HospitalCode?.Trim() }, Workflows.Json))
        {
            return TypedResults.UnprocessableEntity($"Idempotency-Key {http.Request.Headers["Idempotency-Key"]} was used for another application ({submitted.ApplicationId}); use a new key for a new application.");
        }

        // Written on a retry too: the first attempt may have started the workflow and lost its answer before this.
        await audit.RecordOnceAsync(http.User, "newitem.submit", submitted.ApplicationId, submitted.ApplicationId, form.ProposedName, cancellationToken);
        var result = new SubmitResult(submitted.ApplicationId, $"/api/new-items/{submitted.ApplicationId}", submitted.Created);
        return submitted.Created ? TypedResults.Accepted(result.Status, result) : TypedResults.Ok(result);
    }

    /// <summary>
    /// A clerk's URL to PUT an application workbook straight to <c>applications/{hospital}/{name}.xlsx</c>, the
    /// hospital taken from the sign-in; an unsafe file name is a 400 saying why.
    /// </summary>
    public static async Task<Results<Ok<UploadUrl>, ForbidHttpResult, ProblemHttpResult>> IssueUploadUrlAsync(
        UploadUrlRequest request, UploadUrls urls, StorageClients storage, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(http);
        if (SignedInHospital.CodeOf(http.User) is not { } hospital)
        {
            return TypedResults.Forbid();
        }

        if (ApplicationUploadFunction.UploadBlob(hospital, request.FileName, out var problem) is not { } blob)
        {
            return ApiProblem.BadRequest("bad_file_name", problem!);
        }

        // Create-only: an application workbook already uploaded under this name is never replaced (it may be in review).
        if (await storage.Blobs.GetBlobContainerClient(StorageNames.ApplicationsContainer).GetBlobClient(blob).ExistsAsync(cancellationToken))
        {
            return ApplicationWorkbookEndpoints.WorkbookExists(request.FileName!);
        }

        var url = await urls.IssueAsync(StorageNames.ApplicationsContainer, blob, createOnly: true, cancellationToken);
        await audit.RecordAsync(http.User, "newitem.upload-url", "applications", $"{url.Blob} until {url.ExpiresOn:O}", cancellationToken);
        return TypedResults.Ok(url);
    }

    public static async Task<Results<Ok<ApplicationView>, NotFound, ForbidHttpResult>> GetAsync(string applicationId, NewItemStore store, DurableTaskClient client,
        WorkingDayCalendar calendar, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(http);
        var application = await store.GetApplicationAsync(applicationId, cancellationToken);
        if (application is null)
        {
            return TypedResults.NotFound();
        }

        if (!MayRead(http.User, application.Value.Form))
        {
            return TypedResults.Forbid();
        }

        var instance = await client.GetInstanceAsync(applicationId, getInputsAndOutputs: true, cancellationToken);
        var rows = await store.RowsAsync(applicationId, cancellationToken);
        var notifications = await store.NotificationsAsync(applicationId, cancellationToken);
        var progress = instance?.ReadCustomStatusAs<NewItemProgress>();
        var outcome = instance?.ReadOutputAs<NewItemOutcome>();
        var candidates = Candidates(application.Value.Row);
        var parameters = instance?.ReadInputAs<NewItemStart>()?.Parameters ?? new NewItemParameters();
        var waits = rows.Where(r => r.RowKey.StartsWith("wait-", StringComparison.Ordinal)).OrderBy(r => WaitBoard.SequenceOf(r.GetString("WaitId")))
            .Select(w => new WaitSnapshot(w.GetString("WaitId") ?? "", w.GetString("Step") ?? "", w.GetString("Role") ?? "", w.GetString("State") ?? "", DueDateOf(w), w.GetDateTimeOffset("ExpiresAt"),
                NewItemStore.RecordedDecision(rows, w.GetString("WaitId") ?? "")?.Decision)).ToList();
        var steps = NewItemSteps.For(application.Value.Form, candidates.Count, application.Value.Row.GetString("Channel") ?? progress?.Channel, waits, progress?.Phase,
            outcome?.Outcome ?? application.Value.Row.GetString("Outcome"), parameters, calendar, ChinaTime.ToChinaDate(time.GetUtcNow()));
        return TypedResults.Ok(new ApplicationView(applicationId, instance?.RuntimeStatus.ToString() ?? "Unknown", progress, outcome,
            View(application.Value.Row),
            [.. rows.Where(r => r.RowKey != NewItemStore.ApplicationRow).OrderBy(r => r.GetDateTimeOffset("OpenedAt") ?? r.GetDateTimeOffset("At")).ThenBy(r => r.RowKey, StringComparer.Ordinal).Select(View)],
            [.. notifications.OrderBy(n => n.GetDateTimeOffset("CreatedAt")).Select(View)],
            application.Value.Form, candidates, steps));
    }

    /// <summary>
    /// The decisions the signed-in official took, newest first, each with its application's name, hospital and
    /// status now: the reviewer's done list (已办).
    /// </summary>
    public static async Task<Ok<IReadOnlyList<DoneItem>>> DoneAsync(NewItemStore store, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var official = http.User.Identity?.Name ?? "anonymous";
        var decided = await store.DecisionsByAsync(official, cancellationToken);
        var applications = await ApplicationsAsync(store, decided.Select(d => d.ApplicationId), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<DoneItem>>([.. decided.OrderByDescending(d => d.Decision.At).Select(d =>
        {
            var row = applications.GetValueOrDefault(d.ApplicationId);
            return new DoneItem(d.ApplicationId, d.Decision.WaitId, d.Decision.Step, d.Decision.Decision, d.Decision.Role, d.Decision.Comment, d.Decision.ItemCode, d.Decision.At,
                row?.GetString("ProposedName"), row?.GetString("Hospital"), row?.GetString("HospitalName"), row?.GetString("Status"));
        })]);
    }

    /// <summary>The application rows of <paramref name="ids"/> (each read once), by id; an id without one is left out.</summary>
    private static async Task<Dictionary<string, TableEntity>> ApplicationsAsync(NewItemStore store, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (await store.GetApplicationAsync(id, cancellationToken) is { } application)
            {
                rows[id] = application.Row;
            }
        }

        return rows;
    }

    private static DateOnly? DueDateOf(TableEntity wait)
        => DateOnly.TryParseExact(wait.GetString("DueDate"), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var due) ? due : null;

    /// <summary>The open waits the caller's roles decide, overdue first, then by due date.</summary>
    public static async Task<Ok<IReadOnlyList<IReadOnlyDictionary<string, object?>>>> TasksAsync(NewItemStore store, WorkingDayCalendar calendar, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(time);
        var today = ChinaTime.ToChinaDate(time.GetUtcNow());
        ArgumentNullException.ThrowIfNull(http);
        var mine = new List<TableEntity>();
        foreach (var role in Roles.Officials.Where(http.User.IsInRole))
        {
            mine.AddRange(await store.OpenWaitsAsync(role, cancellationToken));
        }

        if (SignedInHospital.CodeOf(http.User) is { } hospital)
        {
            // Matched on the hospital stored with each application, never on what an id looks like.
            var own = await store.ApplicationIdsOfAsync(hospital, cancellationToken);
            mine.AddRange((await store.OpenWaitsAsync(Roles.Hospital, cancellationToken)).Where(w => own.Contains(w.PartitionKey)));
        }

        var waits = mine.DistinctBy(w => (w.PartitionKey, w.RowKey)).OrderBy(w => w.GetString("DueDate"), StringComparer.Ordinal).ToList();
        var applications = await ApplicationsAsync(store, waits.Select(w => w.PartitionKey), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<IReadOnlyDictionary<string, object?>>>(
            [.. waits.Select(w =>
            {
                var view = View(w, ("ApplicationId", w.PartitionKey));
                var due = DueDateOf(w) ?? today;
                (view["WorkingDaysLeft"], view["Overdue"], view["DueSoon"]) = NewItemSteps.Urgency(due, today, calendar);
                var application = applications.GetValueOrDefault(w.PartitionKey);
                view["ProposedName"] = application?.GetString("ProposedName");
                view["Hospital"] = application?.GetString("Hospital");
                view["HospitalName"] = application?.GetString("HospitalName");
                view["ApplicationStatus"] = application?.GetString("Status");
                return (IReadOnlyDictionary<string, object?>)view;
            })]);
    }

    /// <summary>
    /// An official decides an open step. 404: no such application or no such step open; 403: the step belongs to
    /// another role; 400: a decision the step does not allow, or a missing reason; 409: the step was already decided
    /// differently, the decision names a stale wait, or the application no longer waits. The same decision sent again
    /// by the same official is accepted once (200 the second time).
    /// </summary>
    public static async Task<IResult> DecideAsync(string applicationId, DecisionRequest request, NewItemStore store, DurableTaskClient client,
        AuditTrail audit, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        if (!Roles.Officials.Any(http.User.IsInRole))
        {
            return TypedResults.Forbid();
        }

        var decision = (request.Decision ?? "").Trim().ToLowerInvariant();
        if (!RequestBounds.TryParseName<ReviewStepKind>(request.Step, out _))
        {
            return ApiProblem.BadRequest("unknown_step", $"Unknown step '{request.Step}'. Steps: {string.Join(", ", Enum.GetNames<ReviewStepKind>())}.");
        }

        var application = await store.GetApplicationAsync(applicationId, cancellationToken);
        if (application is null)
        {
            return ApiProblem.NotFound("application_not_found", $"No application {applicationId}.");
        }

        var rows = await store.RowsAsync(applicationId, cancellationToken);
        var waits = rows.Where(r => r.RowKey.StartsWith("wait-", StringComparison.Ordinal) && r.GetString("Step") == request.Step).ToList();
        var wait = request.WaitId is { Length: > 0 } waitId
            ? waits.FirstOrDefault(w => w.GetString("WaitId") == waitId)
            : waits.FirstOrDefault(w => w.GetString("State") == WaitStates.Open) ?? waits.OrderByDescending(w => w.GetDateTimeOffset("OpenedAt")).FirstOrDefault();
        if (wait is null)
        {
            return ApiProblem.NotFound("step_not_open", $"Application {applicationId} has no {request.Step} step{(request.WaitId is { Length: > 0 } ? $" {request.WaitId}" : "")}.");
        }

        var role = ActingRole(http.User, wait);
        if (role is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong role",
                detail: $"{request.Step} is decided by {wait.GetString("Role")}{(wait.GetBoolean("Escalated") == true ? " or, once escalated, the office head" : "")}.");
        }

        var official = http.User.Identity?.Name ?? "anonymous";
        var made = new DecisionMade(wait.GetString("WaitId")!, request.Step, decision, official, role, request.Comment?.Trim(), request.ItemCode?.Trim(), time.GetUtcNow());
        if (wait.GetString("State") != WaitStates.Open)
        {
            // Read, not recorded: a decision arriving after the wait closed (decided or lapsed) must leave no row behind.
            var recorded = NewItemStore.RecordedDecision(rows, made.WaitId);
            if (recorded is null || recorded.Decision != decision || recorded.Official != official)
            {
                return ApiProblem.Conflict("already_decided", $"{request.Step} ({made.WaitId}) was already decided{(recorded is null ? "" : $": {recorded.Decision} by {recorded.Official}")}.");
            }

            await AuditDecisionAsync(audit, http.User, applicationId, recorded, cancellationToken);
            return TypedResults.Ok(new DecisionResult(applicationId, made.WaitId, decision, "already recorded"));
        }

        var allowed = (wait.GetString("Allowed") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (!allowed.Contains(decision, StringComparer.Ordinal))
        {
            return ApiProblem.BadRequest("not_a_decision", $"'{request.Decision}' is not a decision for {request.Step}; allowed: {string.Join(", ", allowed)}.");
        }

        if (Decisions.NeedsReason(decision) && string.IsNullOrWhiteSpace(request.Comment))
        {
            return ApiProblem.BadRequest("reason_required", $"'{decision}' needs a reason in comment.");
        }

        if (request.Step == nameof(ReviewStepKind.CompatibilityConfirmation) && decision == Decisions.Approve
            && !CandidatesOf(application.Value.Row).Contains(request.ItemCode?.Trim() ?? "", StringComparer.Ordinal))
        {
            return ApiProblem.BadRequest("item_code_required", $"Approving compatibility needs itemCode, one of: {string.Join(", ", CandidatesOf(application.Value.Row))}.");
        }

        var instance = await client.GetInstanceAsync(applicationId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null || instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending))
        {
            return ApiProblem.Conflict("not_waiting", $"Application {applicationId} is not waiting for decisions ({instance?.RuntimeStatus.ToString() ?? "no workflow"}).");
        }

        var existing = await store.TryRecordDecisionAsync(applicationId, made, cancellationToken);
        if (existing is not null)
        {
            if (existing.Decision != decision || existing.Official != official)
            {
                return ApiProblem.Conflict("already_decided", $"{request.Step} ({made.WaitId}) was already decided: {existing.Decision} by {existing.Official}.");
            }

            // The same decision again: audit and raise it again (both are applied once) in case the first attempt stopped short.
            await AuditDecisionAsync(audit, http.User, applicationId, existing, cancellationToken);
            await client.RaiseEventAsync(applicationId, NewItemOrchestration.DecisionEvent, existing, cancellationToken);
            return TypedResults.Ok(new DecisionResult(applicationId, made.WaitId, decision, "already recorded"));
        }

        await AuditDecisionAsync(audit, http.User, applicationId, made, cancellationToken);
        await client.RaiseEventAsync(applicationId, NewItemOrchestration.DecisionEvent, made, cancellationToken);
        return TypedResults.Accepted($"/api/new-items/{applicationId}", new DecisionResult(applicationId, made.WaitId, decision, "accepted"));
    }

    /// <summary>One audit entry per decided wait, written before the workflow hears of it and again by any retry.</summary>
    private static Task AuditDecisionAsync(AuditTrail audit, ClaimsPrincipal who, string applicationId, DecisionMade made, CancellationToken cancellationToken)
        => made.Step == Decisions.ResubmissionStep
            ? audit.RecordOnceAsync(who, "newitem.resubmit", applicationId, made.WaitId, made.WaitId, cancellationToken)
            : audit.RecordOnceAsync(who, "newitem.decision", applicationId, made.WaitId, $"{made.WaitId} {made.Decision} as {made.Role}: {made.Comment}", cancellationToken);

    /// <summary>The hospital resubmits a returned application: the corrected form is validated as at intake, then the workflow goes on.</summary>
    public static async Task<IResult> ResubmitAsync(string applicationId, ApplicationForm form, NewItemStore store, DurableTaskClient client, AuditTrail audit,
        TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(http);
        var application = await store.GetApplicationAsync(applicationId, cancellationToken);
        if (application is null)
        {
            return ApiProblem.NotFound("application_not_found", $"No application {applicationId}.");
        }

        var hospital = application.Value.Form.HospitalCode;
        if (!http.User.IsInRole(Roles.Hospital) || SignedInHospital.CodeOf(http.User) != hospital)
        {
            return TypedResults.Forbid();
        }

        var rows = await store.RowsAsync(applicationId, cancellationToken);
        var wait = rows.FirstOrDefault(r => r.RowKey.StartsWith("wait-", StringComparison.Ordinal) && r.GetString("Step") == Decisions.ResubmissionStep && r.GetString("State") == WaitStates.Open);
        if (wait is null)
        {
            // A retry whose first attempt went through (the workflow has closed the wait since) is told so, not refused:
            // the latest resubmission wait (wait ids count up) was answered by this clerk.
            var latest = rows.Where(r => r.RowKey.StartsWith("wait-", StringComparison.Ordinal) && r.GetString("Step") == Decisions.ResubmissionStep)
                .MaxBy(r => WaitBoard.SequenceOf(r.GetString("WaitId")))?.GetString("WaitId");
            var answered = latest is null ? null : NewItemStore.RecordedDecision(rows, latest);
            return answered is not null && answered.Official == http.User.Identity?.Name
                ? TypedResults.Ok(new DecisionResult(applicationId, answered.WaitId, Decisions.Resubmit, "already recorded"))
                : ApiProblem.Conflict("not_waiting_resubmission", $"Application {applicationId} is not waiting for a resubmission.");
        }

        var corrected = form with { HospitalCode = hospital };
        var issues = NewItemIntake.Validate(corrected.ToDomain("api", null));
        if (issues.Count > 0)
        {
            return TypedResults.BadRequest(issues);
        }

        var made = new DecisionMade(wait.GetString("WaitId")!, Decisions.ResubmissionStep, Decisions.Resubmit, http.User.Identity?.Name ?? "anonymous", Roles.Hospital, null, null, time.GetUtcNow());
        var existing = await store.TryRecordDecisionAsync(applicationId, made, cancellationToken);
        if (existing is null || existing.Official == made.Official)
        {
            // A retry of the same resubmission (the wait is still open) saves the form and audits again: both are idempotent.
            await store.SaveApplicationAsync(applicationId, corrected, "resubmission", "Resubmitted", cancellationToken);
            await AuditDecisionAsync(audit, http.User, applicationId, existing ?? made, cancellationToken);
        }

        await client.RaiseEventAsync(applicationId, NewItemOrchestration.DecisionEvent, existing ?? made, cancellationToken);
        return existing is null
            ? TypedResults.Accepted($"/api/new-items/{applicationId}", new DecisionResult(applicationId, made.WaitId, Decisions.Resubmit, "accepted"))
            : TypedResults.Ok(new DecisionResult(applicationId, made.WaitId, Decisions.Resubmit, "already recorded"));
    }

    /// <summary>The item catalogue used for compatibility matching (项目目录 workbook); a workbook with problems is refused whole with them.</summary>
    public static async Task<Results<Ok<int>, BadRequest<IReadOnlyList<SheetIssue>>>> UploadCatalogueAsync(HttpRequest request, StorageClients storage, WorkbookReader reader,
        AuditTrail audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        var read = reader.ReadSheet(buffer, "catalogue.xlsx", NewItemSheets.Catalogue);
        if (read.Sheet is null)
        {
            return TypedResults.BadRequest(read.Issues);
        }

        var (items, issues) = NewItemSheets.ReadCatalogue(read.Sheet);
        var all = read.Issues.Concat(issues).Where(i => i.Severity == IssueSeverity.Error).ToList();
        if (all.Count > 0)
        {
            return TypedResults.BadRequest<IReadOnlyList<SheetIssue>>(all);
        }

        await storage.Blobs.GetBlobContainerClient(StorageNames.WorkContainer).GetBlobClient(NewItemStore.CatalogueBlob)
            .UploadAsync(new BinaryData(buffer.ToArray()), overwrite: true, cancellationToken);
        await audit.RecordAsync(request.HttpContext.User, "newitem.catalogue", "catalogue", $"{items.Count} items", cancellationToken);
        return TypedResults.Ok(items.Count);
    }

    public static async Task<Results<Ok<int>, ProblemHttpResult>> SavePositionsAsync(IReadOnlyList<PositionForm> positions, NewItemStore store, AuditTrail audit,
        HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(http);
        if (positions.Count > RequestBounds.MaxPositions)
        {
            return ApiProblem.BadRequest("out_of_bounds", $"At most {RequestBounds.MaxPositions} hospitals at once, not {positions.Count}.");
        }

        foreach (var p in positions)
        {
            if (p.Hospital is not { } code || !SignedInHospital.IsWellFormed(code.Trim()))
            {
                return ApiProblem.BadRequest("bad_hospital_code", $"'{p.Hospital}' is not a hospital code (letters, digits, _ and -, at most 32).");
            }

            if (p.MedicalServiceRevenue > RequestBounds.MaxRevenue || p.MedicalServiceRevenue != Math.Round(p.MedicalServiceRevenue, 2) || p.MarketRegulatedRevenue != Math.Round(p.MarketRegulatedRevenue, 2))
            {
                return ApiProblem.BadRequest("out_of_bounds", $"Revenue of '{p.Hospital}' must be at most {RequestBounds.MaxRevenue:N0} yuan with at most 2 decimals.");
            }

            if (p.ChargeItems < 0 || p.MarketRegulatedItems < 0 || p.MarketRegulatedItems > p.ChargeItems
                || p.MedicalServiceRevenue < 0 || p.MarketRegulatedRevenue < 0 || p.MarketRegulatedRevenue > p.MedicalServiceRevenue)
            {
                return ApiProblem.BadRequest("inconsistent_position", $"Position of '{p.Hospital}' is inconsistent: counts and revenues must be non-negative and the market-regulated part no larger than the whole.");
            }
        }

        foreach (var p in positions)
        {
            await store.SavePositionAsync(new MarketRegulatedPosition(new HospitalCode(p.Hospital.Trim()), p.ChargeItems, p.MarketRegulatedItems,
                new Yuan(p.MedicalServiceRevenue), new Yuan(p.MarketRegulatedRevenue)), cancellationToken);
        }

        await audit.RecordAsync(http.User, "newitem.positions", "positions", $"{positions.Count} hospitals", cancellationToken);
        return TypedResults.Ok(positions.Count);
    }

    /// <summary>The role the caller decides a wait in: its own role, or office head once the wait is escalated; null when neither.</summary>
    private static string? ActingRole(ClaimsPrincipal user, TableEntity wait)
    {
        var role = wait.GetString("Role")!;
        if (user.IsInRole(role))
        {
            return role;
        }

        return wait.GetBoolean("Escalated") == true && user.IsInRole(Roles.OfficeHead) ? Roles.OfficeHead : null;
    }

    private static IReadOnlyList<string> CandidatesOf(TableEntity application) => [.. Candidates(application).Select(c => c.ItemCode)];

    private static IReadOnlyList<CandidateView> Candidates(TableEntity application)
        => System.Text.Json.JsonSerializer.Deserialize<List<CandidateView>>(application.GetString("Candidates") ?? "[]", Workflows.Json) ?? [];

    private static bool MayRead(ClaimsPrincipal user, ApplicationForm form) => Roles.Officials.Any(user.IsInRole) || (SignedInHospital.CodeOf(user) is { } h && h == form.HospitalCode);

    private static Dictionary<string, object?> View(TableEntity entity) => View(entity, default);

    private static Dictionary<string, object?> View(TableEntity entity, (string Key, object? Value) extra)
    {
        var view = entity.Where(p => p.Key is not ("odata.etag" or "PartitionKey" or "RowKey" or "Timestamp" or "Form")).ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        view["Kind"] = entity.RowKey;
        if (extra.Key is { } key)
        {
            view[key] = extra.Value;
        }

        return view;
    }
}

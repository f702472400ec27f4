using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Domain.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Monitoring;
using Serverless.Functions.Security;

namespace Serverless.Functions.Bidding;

/// <summary>The officials' and hospitals' HTTP API for bidding campaigns.</summary>
public static partial class BiddingEndpoints
{
    private const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task<Results<NoContent, ProblemHttpResult>> UploadScopeAsync(string campaignId, HttpRequest request, CampaignStore store, AuditTrail audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ResourceIds.IsValid(campaignId))
        {
            return BadCampaignId();
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        await store.UploadAsync(StorageNames.ScopesContainer, CampaignStore.ScopeBlob(campaignId), buffer.ToArray(), cancellationToken);
        await audit.RecordAsync(request.HttpContext.User, "campaign.scope.upload", campaignId, $"{buffer.Length} bytes", cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>A campaign's scope workbook as uploaded or drafted (the price office checks a draft before it starts the campaign).</summary>
    public static async Task<Results<FileContentHttpResult, NotFound>> DownloadScopeAsync(string campaignId, CampaignStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var bytes = ResourceIds.IsValid(campaignId) ? await store.DownloadAsync(StorageNames.ScopesContainer, CampaignStore.ScopeBlob(campaignId), cancellationToken) : null;
        return bytes is null ? TypedResults.NotFound() : TypedResults.File(bytes, XlsxContentType, $"{campaignId}-scope.xlsx");
    }

    public static async Task<Results<Accepted<CampaignStarted>, ProblemHttpResult>> StartAsync(
        CampaignStart start, DurableTaskClient client, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(http);
        if (start.CampaignId is null || !ResourceIds.IsValid(start.CampaignId))
        {
            return BadCampaignId();
        }

        if (start.RoundWindowSeconds is { } window && window is < RequestBounds.MinRoundWindowSeconds or > RequestBounds.MaxRoundWindowSeconds)
        {
            return ApiProblem.BadRequest("bad_round_window", $"roundWindowSeconds must be from {RequestBounds.MinRoundWindowSeconds} to {RequestBounds.MaxRoundWindowSeconds} (90 days), or null for the scope's window.");
        }

        if (start.MonitoringDayMilliseconds is { } day && day is < MonitoringActivities.MinDayMilliseconds or > MonitoringActivities.MaxDayMilliseconds)
        {
            return ApiProblem.BadRequest("bad_monitoring_day", $"monitoringDayMilliseconds must be from {MonitoringActivities.MinDayMilliseconds} to {MonitoringActivities.MaxDayMilliseconds} (a day), or null for the real calendar.");
        }

        try
        {
            await client.StartNewAsync(CampaignOrchestration.Name, start with { StartedBy = http.User.Identity?.Name }, start.CampaignId, cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException exists)
        {
            // A retry by the official who started it (the first answer lost) still gets its audit entry written.
            if ((await client.GetInstanceAsync(start.CampaignId, getInputsAndOutputs: true, cancellationToken))?.ReadInputAs<CampaignStart>()?.StartedBy == http.User.Identity?.Name)
            {
                await AuditStartAsync(audit, http.User, start, cancellationToken);
            }

            // Every attempt on a taken id is on record, whoever made it: a start is never a restart.
            await audit.RecordAsync(http.User, "campaign.start.refused", start.CampaignId, exists.Message, cancellationToken);
            return ApiProblem.Conflict("campaign_exists", exists.Message);
        }

        await AuditStartAsync(audit, http.User, start, cancellationToken);
        return TypedResults.Accepted($"/api/campaigns/{start.CampaignId}", new CampaignStarted(start.CampaignId, $"/api/campaigns/{start.CampaignId}"));
    }

    private static Task AuditStartAsync(AuditTrail audit, ClaimsPrincipal who, CampaignStart start, CancellationToken cancellationToken)
        => audit.RecordOnceAsync(who, "campaign.start", start.CampaignId, start.CampaignId,
            $"round window {start.RoundWindowSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"} s", cancellationToken);

    /// <summary>
    /// A campaign's state. Officials see every count and the summary; a hospital sees only the phase, round and deadline
    /// (other hospitals' submissions and the leagues' figures are not its part: its own are in its submissions and feedback).
    /// </summary>
    public static async Task<Results<Ok<CampaignStatus>, NotFound>> GetAsync(string campaignId, DurableTaskClient client, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var instance = await client.GetInstanceAsync(campaignId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null || instance.Name != CampaignOrchestration.Name)
        {
            return TypedResults.NotFound();
        }

        var progress = instance.ReadCustomStatusAs<CampaignProgress>();
        var summary = instance.ReadOutputAs<CampaignSummary>();
        if (!IsOfficial(http.User))
        {
            progress = progress?.ForHospital();
            summary = null;
        }

        return TypedResults.Ok(new CampaignStatus(campaignId, instance.RuntimeStatus.ToString(), progress, summary, instance.FailureDetails?.ErrorMessage, instance.CreatedAt, instance.LastUpdatedAt));
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> ExtendAsync(
        string campaignId, int round, ExtendRequest request, CampaignStore store, DurableTaskClient client, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        if (request.Seconds is <= 0 or > RequestBounds.MaxExtensionSeconds)
        {
            return ApiProblem.BadRequest("bad_extension", $"seconds must be from 1 to {RequestBounds.MaxExtensionSeconds} (30 days).");
        }

        if (request.Reason is { Length: > ExtendRequest.MaxReasonLength })
        {
            return ApiProblem.BadRequest("reason_too_long", $"reason must be at most {ExtendRequest.MaxReasonLength} characters.");
        }

        var state = await store.GetRoundAsync(campaignId, round, cancellationToken);
        if (state is null)
        {
            return ApiProblem.NotFound("round_not_opened", $"Round {round} of campaign {campaignId} has not opened.");
        }

        if (state.Extended)
        {
            return ApiProblem.Conflict("round_already_extended", $"Round {round} was already extended once.");
        }

        if (!state.IsOpen)
        {
            return ApiProblem.Conflict("round_closed", $"Round {round} is closed.");
        }

        // Audited before the event (a round is extended once; a retry before the workflow applies it finds no entry gap).
        var by = http.User.Identity?.Name ?? "anonymous";
        await audit.RecordOnceAsync(http.User, "campaign.round.extend", campaignId, $"round-{round}", string.IsNullOrWhiteSpace(request.Reason) ? $"round {round} by {request.Seconds} s" : $"round {round} by {request.Seconds} s: {request.Reason.Trim()}", cancellationToken);
        await client.RaiseEventAsync(campaignId, CampaignOrchestration.RoundExtendedEvent, new RoundExtension(round, request.Seconds, by), cancellationToken);
        return TypedResults.Accepted($"/api/campaigns/{campaignId}");
    }

    /// <summary>
    /// A clerk's URL to PUT the hospital's bid workbook of an open round straight to blob storage: the path
    /// <c>bids/{campaign}/round-{n}/{hospital}.xlsx</c> with the hospital of the sign-in, so one hospital cannot write another's.
    /// </summary>
    public static async Task<Results<Ok<UploadUrl>, NotFound, ProblemHttpResult, ForbidHttpResult>> IssueUploadUrlAsync(
        string campaignId, int round, CampaignStore store, UploadUrls urls, TimeProvider time, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(http);
        if (SignedInHospital.CodeOf(http.User) is not { } hospital)
        {
            return TypedResults.Forbid();
        }

        var state = ResourceIds.IsValid(campaignId) && round is (1 or 2) ? await store.GetRoundAsync(campaignId, round, cancellationToken) : null;
        if (state is null)
        {
            return TypedResults.NotFound();
        }

        if (!state.IsOpen || time.GetUtcNow().UtcDateTime > state.DeadlineUtc)
        {
            return RoundNotOpen(campaignId, round);
        }

        var url = await urls.IssueAsync(StorageNames.BidsContainer, CampaignStore.UploadBlob(campaignId, round, hospital), createOnly: false, cancellationToken);
        await audit.RecordAsync(http.User, "bid.upload-url", campaignId, $"{url.Blob} until {url.ExpiresOn:O}", cancellationToken);
        return TypedResults.Ok(url);
    }

    /// <summary>
    /// The signed-in hospital's bid workbook for a round that has opened, pre-filled with the scope's items, its code,
    /// name and tier and its current price at that tier (the same writer as the templates command), named after the campaign.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ForbidHttpResult>> BidTemplateAsync(
        string campaignId, int round, CampaignStore store, ScopeCache scopes, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(http);
        if (SignedInHospital.CodeOf(http.User) is not { } hospital)
        {
            return TypedResults.Forbid();
        }

        var state = ResourceIds.IsValid(campaignId) && round is 1 or 2 ? await store.GetRoundAsync(campaignId, round, cancellationToken) : null;
        if (state is null)
        {
            return ApiProblem.NotFound("round_not_opened", $"Round {round} of campaign {campaignId} has not opened.");
        }

        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        if (!catalog.IsInvited(new HospitalCode(hospital)))
        {
            return ApiProblem.NotFound("not_invited", $"Hospital {hospital} is not invited to campaign {campaignId}.");
        }

        var bytes = Serverless.Spreadsheets.Writing.BiddingWorkbooks.BidTemplate(round, catalog.Hospitals[new HospitalCode(hospital)], catalog.Scope.Items, catalog);
        return TypedResults.File(bytes, XlsxContentType, $"{campaignId}-round-{round}-{hospital}-bid-template.xlsx");
    }

    /// <summary>
    /// The invited hospitals of a round without a counted workbook (none uploaded, or only files rejected whole) — the
    /// scope's invited hospitals minus the round's counted submissions —, for officials following the round live.
    /// </summary>
    public static async Task<Results<Ok<RoundMissing>, ProblemHttpResult>> MissingAsync(string campaignId, int round, CampaignStore store, ScopeCache scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(scopes);
        var state = ResourceIds.IsValid(campaignId) && round is 1 or 2 ? await store.GetRoundAsync(campaignId, round, cancellationToken) : null;
        if (state is null)
        {
            return ApiProblem.NotFound("round_not_opened", $"Round {round} of campaign {campaignId} has not opened.");
        }

        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        var counted = await store.CountedHospitalsAsync(campaignId, round, cancellationToken);
        var invited = catalog.InvitedHospitals.ToList();
        List<MissingHospital> missing = [.. invited.Where(h => !counted.Contains(h.Code.Value))
            .Select(h => new MissingHospital(h.Code.Value, h.Name, h.League.Value, catalog.Leagues[h.League].Name))];
        return TypedResults.Ok(new RoundMissing(campaignId, round, state.IsOpen, state.DeadlineUtc, state.Extended, invited.Count, invited.Count - missing.Count, missing));
    }

    public static async Task<Ok<IReadOnlyList<ResultFile>>> ListResultsAsync(string campaignId, CampaignStore store, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var files = (await store.ListAsync(StorageNames.ResultsContainer, $"{campaignId}/", cancellationToken)).Where(f => MayRead(http.User, f.Name));
        return TypedResults.Ok<IReadOnlyList<ResultFile>>([.. files.Select(f => new ResultFile(f.Name[(campaignId.Length + 1)..], f.Size, f.Modified, $"/api/campaigns/{campaignId}/results/{f.Name[(campaignId.Length + 1)..]}"))]);
    }

    public static async Task<Results<FileContentHttpResult, NotFound, ForbidHttpResult>> DownloadResultAsync(string campaignId, string path, CampaignStore store, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (path.Contains("..", StringComparison.Ordinal))
        {
            return TypedResults.NotFound();
        }

        if (!MayRead(http.User, $"{campaignId}/{path}"))
        {
            return TypedResults.Forbid();
        }

        var bytes = await store.DownloadAsync(StorageNames.ResultsContainer, $"{campaignId}/{path}", cancellationToken);
        return bytes is null
            ? TypedResults.NotFound()
            : TypedResults.File(bytes, XlsxContentType, Path.GetFileName(path));
    }

    public static async Task<Results<Ok<IReadOnlyList<SubmissionView>>, ForbidHttpResult>> SubmissionsAsync(string campaignId, string hospital, CampaignStore store, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!SignedInHospital.MayActFor(http.User, hospital))
        {
            return TypedResults.Forbid();
        }

        var rows = await store.HospitalSubmissionsAsync(campaignId, hospital, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SubmissionView>>([.. rows.Select(r => new SubmissionView(
            r.Round, r.UploadedAt, r.Rejected, r.RejectionReason, r.ValidRows, r.RejectedRows, $"reports/{r.ReportBlob}", $"archive/{r.ArchiveBlob}"))]);
    }

    /// <summary>Every report of a hospital's uploads in a campaign, both rounds, oldest first: each validation and each refusal, not only the latest.</summary>
    public static async Task<Results<Ok<IReadOnlyList<HospitalReport>>, ForbidHttpResult>> ReportsAsync(string campaignId, string hospital, CampaignStore store, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!SignedInHospital.MayActFor(http.User, hospital))
        {
            return TypedResults.Forbid();
        }

        var reports = new List<HospitalReport>();
        if (ResourceIds.IsValid(campaignId) && SignedInHospital.IsWellFormed(hospital))
        {
            foreach (var round in (int[])[1, 2])
            {
                var folder = CampaignStore.ReportFolder(campaignId, round, hospital);
                reports.AddRange((await store.ListAsync(StorageNames.ReportsContainer, $"{folder}/", cancellationToken))
                    .Select(b => HospitalReport.Of(campaignId, hospital, round, b.Name[(folder.Length + 1)..], b.Size, b.Modified)).OfType<HospitalReport>());
            }
        }

        return TypedResults.Ok<IReadOnlyList<HospitalReport>>([.. reports.OrderBy(r => r.CreatedAt).ThenBy(r => r.Name, StringComparer.Ordinal)]);
    }

    /// <summary>One report of <see cref="ReportsAsync"/> as the xlsx the upload was answered with.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ForbidHttpResult>> DownloadReportAsync(string campaignId, string hospital, int round, string report,
        CampaignStore store, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!SignedInHospital.MayActFor(http.User, hospital))
        {
            return TypedResults.Forbid();
        }

        var bytes = ResourceIds.IsValid(campaignId) && SignedInHospital.IsWellFormed(hospital) && HospitalReport.IsReportName(report)
            ? await store.DownloadAsync(StorageNames.ReportsContainer, $"{CampaignStore.ReportFolder(campaignId, round, hospital)}/{report}", cancellationToken)
            : null;
        return bytes is null
            ? ApiProblem.NotFound("report_not_found", $"Campaign {campaignId} has no report {report} of hospital {hospital} in round {round}.")
            : TypedResults.File(bytes, XlsxContentType, report);
    }

    /// <summary>A league/city's guide prices, ranked, once round 2 has closed: the same figures as its guide-prices workbook, a page at a time.</summary>
    public static Task<Results<Ok<LeagueResults>, ProblemHttpResult>> LeagueResultsAsync(string campaignId, string league, int? page, int? pageSize,
        CampaignStore store, ScopeCache scopes, CampaignActivities activities, CancellationToken cancellationToken)
        => LeaguePageAsync(campaignId, league, 2, page, pageSize, store, scopes, async () => (await activities.LeagueOutcomeAsync(campaignId, league, cancellationToken)).League, cancellationToken);

    /// <summary>A league/city's round-1 reference prices and provisional ranking once round 1 has closed, a page at a time.</summary>
    public static Task<Results<Ok<LeagueResults>, ProblemHttpResult>> ReferencePricesAsync(string campaignId, string league, int? page, int? pageSize,
        CampaignStore store, ScopeCache scopes, CampaignActivities activities, CancellationToken cancellationToken)
        => LeaguePageAsync(campaignId, league, 1, page, pageSize, store, scopes, () => activities.ReferenceOutcomeAsync(campaignId, league, cancellationToken), cancellationToken);

    /// <summary>
    /// A hospital's round-1 feedback once round 1 has closed — the reference prices of its league/city for the items it
    /// bid, at tier 3 and its own tier, and their ranks — as its feedback workbook gives them, a page at a time.
    /// </summary>
    public static async Task<Results<Ok<HospitalReferencePrices>, ProblemHttpResult, ForbidHttpResult>> HospitalReferencePricesAsync(string campaignId, string hospital,
        int? page, int? pageSize, CampaignStore store, ScopeCache scopes, CampaignActivities activities, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(http);
        if (!SignedInHospital.MayActFor(http.User, hospital))
        {
            return TypedResults.Forbid();
        }

        if (RequestBounds.PageProblem(page, pageSize) is { } problem)
        {
            return RequestBounds.Refusal(problem);
        }

        var state = ResourceIds.IsValid(campaignId) ? await store.GetRoundAsync(campaignId, 1, cancellationToken) : null;
        if (state is not { IsOpen: false })
        {
            return ApiProblem.NotFound("results_not_published", $"Round 1 of campaign {campaignId} has not closed; its reference prices are not published.");
        }

        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        var code = new HospitalCode(hospital);
        if (!catalog.IsInvited(code))
        {
            return ApiProblem.NotFound("not_invited", $"Hospital {hospital} is not invited to campaign {campaignId}.");
        }

        if (await store.LatestResultAsync(campaignId, 1, hospital, cancellationToken) is not { } workbook)
        {
            return ApiProblem.NotFound("no_round_one_bid", $"Hospital {hospital} sent no round-1 workbook in campaign {campaignId}, so it has no feedback.");
        }

        var league = catalog.Hospitals[code].League;
        var reference = await activities.ReferenceOutcomeAsync(campaignId, league.Value, cancellationToken);
        var feedback = HospitalFeedback.Build(catalog, workbook, new CampaignResult(catalog.Budget, [reference]));
        var rows = feedback.Rows.Select(r => new ReferencePriceView(r.RowNumber, r.ItemCode,
            r.ItemCode is { } item && catalog.Items.TryGetValue(new ItemCode(item), out var scoped) ? scoped.Name : null,
            r.ProposedPrice, r.IsValid, r.ProblemsZh, r.ProblemsEn, r.Tier3Price?.Value, r.PriceAtHospitalTier?.Value, r.Rank)).ToList();
        string? Refused(Func<Serverless.Domain.Tabular.SheetIssue, string> text) => feedback.Rejection.Count > 0 ? string.Join("; ", feedback.Rejection.Select(text)) : null;
        return TypedResults.Ok(new HospitalReferencePrices(campaignId, hospital, league.Value, catalog.Leagues[league].Name, Refused(i => i.MessageZh), Refused(i => i.MessageEn),
            ListPage<ReferencePriceView>.Of(rows, page ?? 1, pageSize ?? RequestBounds.DefaultPageSize)));
    }

    private static async Task<Results<Ok<LeagueResults>, ProblemHttpResult>> LeaguePageAsync(string campaignId, string league, int round, int? page, int? pageSize,
        CampaignStore store, ScopeCache scopes, Func<Task<LeagueResult>> outcome, CancellationToken cancellationToken)
    {
        if (RequestBounds.PageProblem(page, pageSize) is { } problem)
        {
            return RequestBounds.Refusal(problem);
        }

        // A round's proposals are final once it has closed; until then its figures would change and are not published.
        var state = ResourceIds.IsValid(campaignId) ? await store.GetRoundAsync(campaignId, round, cancellationToken) : null;
        if (state is not { IsOpen: false })
        {
            return ApiProblem.NotFound("results_not_published", $"Round {round} of campaign {campaignId} has not closed; its results are not published.");
        }

        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        if (!catalog.Leagues.TryGetValue(new LeagueCode(league), out var found))
        {
            return ApiProblem.NotFound("unknown_league", $"League/city {league} is not in campaign {campaignId}.");
        }

        // Computed once: the activity that publishes the round's workbooks writes them, or else the first request does.
        var ranked = await store.LoadLeagueResultsAsync(campaignId, round, league, cancellationToken);
        if (ranked is null)
        {
            ranked = [.. (await outcome()).Rows.Select(GuidePriceView.From)];
            await store.SaveLeagueResultsAsync(campaignId, round, league, ranked, cancellationToken);
        }

        var items = ListPage<GuidePriceView>.Of(ranked, page ?? 1, pageSize ?? RequestBounds.DefaultPageSize);
        return TypedResults.Ok(new LeagueResults(campaignId, league, found.Name, round, items));
    }

    private static ProblemHttpResult BadCampaignId() => ApiProblem.BadRequest("bad_campaign_id", "campaignId: letters, digits, - and _, at most 63.");

    /// <summary>The 409 for an upload into a round that is closed or past its deadline (the console's upload answers the same).</summary>
    internal static ProblemHttpResult RoundNotOpen(string campaignId, int round) => ApiProblem.Conflict("round_not_open", $"Round {round} of {campaignId} is not open.");

    private static bool IsOfficial(System.Security.Claims.ClaimsPrincipal user) => Roles.Officials.Any(user.IsInRole);

    /// <summary>Officials read every result; a hospital reads only its own feedback workbooks.</summary>
    private static bool MayRead(System.Security.Claims.ClaimsPrincipal user, string blobName)
        => IsOfficial(user) || (SignedInHospital.CodeOf(user) is { } hospital && blobName.EndsWith($"/feedback/{hospital}.xlsx", StringComparison.Ordinal));

}

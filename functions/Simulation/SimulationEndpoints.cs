using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Serverless.Domain.Simulation;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.Simulation;

/// <summary>
/// The price office's what-if API (DOMAIN.md §6 Before): run a simulation on a campaign's bid workbooks, list a
/// campaign's runs, read one, compare two. Errors are ProblemDetails with a stable <c>code</c>: bad_body,
/// bad_campaign_id, bad_run_id, bad_parameters (with <c>errors</c>: field and reason), campaign_not_found,
/// run_not_found, run_id_taken; for workbook sets bad_workbook_set, workbook_set_not_found, workbook_set_full, empty_upload, file_too_large.
/// </summary>
public static partial class SimulationEndpoints
{
    /// <summary>A request's body at most: the overrides of every league/city and a few thousand items fit many times over.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>A workbook set's size at most: both rounds of every hospital of a large region (12 × 80 × 2 is 1,920).</summary>
    public const int MaxWorkbooksPerSet = 5000;

    /// <summary>The body as sent: a field the request does not know is refused, so a misspelt parameter never runs unnoticed.</summary>
    private static readonly JsonSerializerOptions Body = new(Workflows.Json) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>Runs a simulation; the body is read here (not bound) so a malformed one is a bad_body ProblemDetails, and described for OpenAPI.</summary>
    [Consumes(typeof(SimulationRequest), "application/json")]
    public static async Task<Results<Created<SimulationView>, Ok<SimulationView>, ProblemHttpResult>> RunAsync(
        HttpRequest request, SimulationRunner runner, SimulationStore store, DurableTaskClient client, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        // Endpoint routing refuses another content type before this runs; under the Functions host this check does.
        if (!request.HasJsonContentType())
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "bad_body", "The body must be JSON (Content-Type: application/json).");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "bad_body", $"The body is over {MaxBodyBytes:N0} bytes.");
        }

        SimulationRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<SimulationRequest>(request.Body, Body, cancellationToken);
        }
        catch (JsonException error)
        {
            return Problem(StatusCodes.Status400BadRequest, "bad_body", $"The body is not a simulation request: {error.Message}");
        }

        if (body is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "bad_body", "The body is not a simulation request.");
        }

        // On a workbook set the campaign only names the scope; either may be given.
        var setId = body.WorkbookSetId;
        var scopeCampaignId = body.ScopeCampaignId ?? body.CampaignId;
        var campaignId = setId is null ? body.CampaignId : scopeCampaignId;
        if (!IsId(campaignId) || !IsId(scopeCampaignId))
        {
            return Problem(StatusCodes.Status400BadRequest, "bad_campaign_id", "campaignId (and scopeCampaignId, if given): letters, digits, - and _, at most 63.");
        }

        if (body.RunId is not null && !IsId(body.RunId))
        {
            return Problem(StatusCodes.Status400BadRequest, "bad_run_id", "runId: letters, digits, - and _, at most 63, or none for a new one.");
        }

        if (setId is not null && !IsId(setId))
        {
            return Problem(StatusCodes.Status400BadRequest, "bad_workbook_set", "workbookSetId: letters, digits, - and _, at most 63.");
        }

        var now = time.GetUtcNow();
        var runId = body.RunId ?? $"sim-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var overrides = body.Parameters ?? ParameterOverrides.None;
        var scopeId = scopeCampaignId!;
        if (body.RunId is not null && await store.GetAsync(runId, cancellationToken) is { } existing)
        {
            return Retried(existing, campaignId!, scopeId, setId, overrides);
        }

        if (setId is null && !await SimulationRunner.IsCampaignAsync(client, campaignId!, cancellationToken))
        {
            return Problem(StatusCodes.Status404NotFound, "campaign_not_found", $"No campaign {campaignId}: a simulation runs on a campaign's bid workbooks.");
        }

        var workbookSet = setId is null ? null : await store.WorkbooksAsync(setId, cancellationToken);
        if (workbookSet is { Count: 0 })
        {
            return Problem(StatusCodes.Status404NotFound, "workbook_set_not_found", $"No workbooks were uploaded under set {setId}.");
        }

        // A run on the campaign's own bids has just found the campaign; otherwise ask whether the scope's campaign has started.
        var started = (scopeId == campaignId && setId is null) || await SimulationRunner.IsCampaignAsync(client, scopeId, cancellationToken);
        if (await runner.CatalogAsync(scopeId, started, cancellationToken) is not { } catalog)
        {
            return Problem(StatusCodes.Status404NotFound, "campaign_not_found", $"Campaign {scopeId} has no valid scope workbook.");
        }

        if (ParameterBounds.Check(overrides, catalog.Scope, catalog.Parameters) is { Count: > 0 } problems)
        {
            return Problem(StatusCodes.Status400BadRequest, "bad_parameters", string.Join("; ", problems.Select(p => $"{p.Field}: {p.MessageEn}")), problems);
        }

        var (outcome, milliseconds) = await runner.RunAsync(campaignId!, workbookSet, catalog, overrides, cancellationToken);
        var run = new SimulationRecord(runId, campaignId!, scopeId, overrides, now, request.HttpContext.User.Identity?.Name ?? "anonymous", milliseconds, outcome, setId);
        var (created, stored) = await store.CreateAsync(run, cancellationToken);
        return created ? TypedResults.Created($"/api/simulations/{runId}", SimulationView.Of(stored)) : Retried(stored, run.CampaignId, scopeId, setId, overrides);
    }

    /// <summary>
    /// Stores a hospital's bid workbook of a round in a set uploaded only for simulations (a re-upload replaces it). It is
    /// judged when a run uses the set, exactly as a campaign would judge it; here only its size is checked.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> UploadWorkbookAsync(string workbookSetId, int round, string hospital, HttpRequest request,
        SimulationStore store, WorkbookReader reader, AuditTrail audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reader);
        if (!IsId(workbookSetId) || !SignedInHospital.IsWellFormed(hospital) || round is not (1 or 2))
        {
            return Problem(StatusCodes.Status400BadRequest, "bad_workbook_set", "workbookSetId: letters, digits, - and _, at most 63; hospital: a hospital code; round 1 or 2.");
        }

        var max = reader.Options.MaxFileBytes;
        if (request.ContentLength > max)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, UploadLimits.TooLargeCode, $"The workbook is over {max:N0} bytes.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0 || buffer.Length > max)
        {
            return buffer.Length == 0
                ? Problem(StatusCodes.Status400BadRequest, "empty_upload", "The upload is empty.")
                : Problem(StatusCodes.Status413PayloadTooLarge, UploadLimits.TooLargeCode, $"The workbook is over {max:N0} bytes.");
        }

        if ((await store.WorkbooksAsync(workbookSetId, cancellationToken)).Count >= MaxWorkbooksPerSet)
        {
            return Problem(StatusCodes.Status409Conflict, "workbook_set_full", $"A set holds at most {MaxWorkbooksPerSet} workbooks.");
        }

        await store.SaveWorkbookAsync(workbookSetId, round, hospital, buffer.ToArray(), cancellationToken);
        await audit.RecordAsync(request.HttpContext.User, "simulation.workbook.upload", workbookSetId, SimulationStore.WorkbookBlob(workbookSetId, round, hospital), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<IReadOnlyList<SimulationWorkbook>>, ProblemHttpResult>> WorkbooksAsync(string workbookSetId, SimulationStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return IsId(workbookSetId)
            ? TypedResults.Ok(await store.WorkbooksAsync(workbookSetId, cancellationToken))
            : Problem(StatusCodes.Status400BadRequest, "bad_workbook_set", "workbookSetId: letters, digits, - and _, at most 63.");
    }

    public static async Task<Results<Ok<IReadOnlyList<SimulationSummary>>, ProblemHttpResult>> ListAsync(string? campaignId, SimulationStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return IsId(campaignId)
            ? TypedResults.Ok(await store.ListAsync(campaignId!, cancellationToken))
            : Problem(StatusCodes.Status400BadRequest, "bad_campaign_id", "campaignId (in the query): letters, digits, - and _, at most 63.");
    }

    public static async Task<Results<Ok<SimulationView>, ProblemHttpResult>> GetAsync(string runId, SimulationStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!IsId(runId))
        {
            return Problem(StatusCodes.Status400BadRequest, "bad_run_id", "runId: letters, digits, - and _, at most 63.");
        }

        return await store.GetAsync(runId, cancellationToken) is { } run ? TypedResults.Ok(SimulationView.Of(run)) : NotFound(runId);
    }

    public static async Task<Results<Ok<ComparisonView>, ProblemHttpResult>> CompareAsync(string runId, string otherRunId, SimulationStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!IsId(runId) || !IsId(otherRunId))
        {
            return Problem(StatusCodes.Status400BadRequest, "bad_run_id", "runId and otherRunId: letters, digits, - and _, at most 63.");
        }

        var first = await store.GetAsync(runId, cancellationToken);
        var second = await store.GetAsync(otherRunId, cancellationToken);
        return first is null ? NotFound(runId) : second is null ? NotFound(otherRunId) : TypedResults.Ok(SimulationView.Compare(first, second));
    }

    /// <summary>A run id asked for again: the same request gets the run already made, another request a refusal.</summary>
    private static Results<Created<SimulationView>, Ok<SimulationView>, ProblemHttpResult> Retried(SimulationRecord stored, string campaignId, string scopeId, string? setId, ParameterOverrides overrides)
        => stored.Answers(campaignId, scopeId, setId, overrides)
            ? TypedResults.Ok(SimulationView.Of(stored))
            : Problem(StatusCodes.Status409Conflict, "run_id_taken", $"Run {stored.RunId} already exists with another campaign, scope, workbook set or parameters.");

    private static ProblemHttpResult NotFound(string runId) => Problem(StatusCodes.Status404NotFound, "run_not_found", $"No simulation run {runId}.");

    private static ProblemHttpResult Problem(int status, string code, string detail, IReadOnlyList<ParameterProblem>? errors = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail, statusCode: status, title: code.Replace('_', ' '), extensions: extensions);
    }

    private static bool IsId(string? id) => ResourceIds.IsValid(id);
}

using Serverless.Functions.Hosting;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Domain.Reviews;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.Reviews;

/// <summary>The annual reviews' API handlers: the price office uploads the indicators and decides proposed campaigns; officials read a review.</summary>
public static partial class ReviewEndpoints
{
    public sealed record IndicatorsStored(int Year, string Kind, int Leagues, IReadOnlyList<string> Triggered, bool ReviewNotified);

    public sealed record DecisionResult(string League, string Decision, string? CampaignId, string Status);

    public sealed record ReviewView(string InstanceId, string RuntimeStatus, ReviewProgress? Progress, ReviewSummary? Summary, string? Failure, IReadOnlyList<CampaignDecision> Decisions);

    /// <summary>
    /// The year's indicator workbook for a review. A workbook with any error is refused whole, listing every problem,
    /// and nothing is kept; otherwise it is stored and a review waiting for it goes on. 409 once the review has scored
    /// its indicators: the report must match the workbook on record.
    /// </summary>
    public static async Task<Results<Ok<IndicatorsStored>, BadRequest<IReadOnlyList<SheetIssue>>, ProblemHttpResult>> UploadIndicatorsAsync(
        int year, string kind, HttpRequest request, ReviewStore store, WorkbookReader reader, DurableTaskClient client, AuditTrail audit, ReviewParameters parameters,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReviewKinds.IsKnown(kind))
        {
            return ApiProblem.NotFound("unknown_review", $"Unknown review '{kind}': {ReviewKinds.Complex} or {ReviewKinds.General}.");
        }

        var instanceId = ReviewStart.InstanceIdFor(kind, year);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is not null && (!instance.WillHearEvents() || instance.ReadCustomStatusAs<ReviewProgress>() is { Phase: not ReviewPhases.AwaitingIndicators }))
        {
            return ApiProblem.Conflict("indicators_already_scored", $"The {year} {kind} review has already scored its indicators ({instance.RuntimeStatus}).");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var content = buffer.ToArray();
        var (scores, issues) = ReviewActivities.Score(reader, content, kind, parameters);
        if (issues.Any(i => i.Severity == IssueSeverity.Error))
        {
            return TypedResults.BadRequest(issues);
        }

        await store.SaveIndicatorsAsync(year, kind, content, cancellationToken);
        var notified = instance is not null;
        if (notified)
        {
            await client.RaiseEventAsync(instanceId, ReviewOrchestration.IndicatorsReadyEvent, true, cancellationToken);
        }

        var triggered = scores.Where(s => s.Triggered).Select(s => s.League).Order(StringComparer.Ordinal).ToList();
        await audit.RecordAsync(request.HttpContext.User, "review.indicators", instanceId, $"{scores.Count} leagues/cities; triggered: {string.Join(",", triggered)}", cancellationToken);
        return TypedResults.Ok(new IndicatorsStored(year, kind, scores.Count, triggered, notified));
    }

    /// <summary>
    /// The price office confirms or declines the campaign a complex review proposes for a league/city. 404: no such
    /// review, or the league/city is not proposed (not triggered, or not scored yet); 400: an unknown decision or a bad
    /// campaign id; 409: already decided differently, the campaign id is taken (by a campaign or another league/city's
    /// confirmation), or the review no longer waits. The same decision sent again gets 200 and is raised again in case
    /// the first raise was lost (the review applies it once).
    /// </summary>
    public static async Task<Results<Accepted<DecisionResult>, Ok<DecisionResult>, ProblemHttpResult>> DecideCampaignAsync(
        int year, string league, CampaignDecisionRequest request, ReviewStore store, DurableTaskClient client, AuditTrail audit, TimeProvider time, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var decision = (request.Decision ?? "").Trim().ToLowerInvariant();
        if (decision is not (CampaignDecisions.Confirm or CampaignDecisions.Decline))
        {
            return ApiProblem.BadRequest("not_a_decision", $"decision must be {CampaignDecisions.Confirm} or {CampaignDecisions.Decline}.");
        }

        var instanceId = ReviewStart.InstanceIdFor(ReviewKinds.Complex, year);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return ApiProblem.NotFound("review_not_found", $"No complex review for {year}.");
        }

        if (instance.ReadCustomStatusAs<ReviewProgress>()?.Proposals.Any(p => p.League == league) != true)
        {
            return ApiProblem.NotFound("no_proposed_campaign", $"The {year} complex review proposes no campaign for {league}.");
        }

        string? campaignId = null;
        if (decision == CampaignDecisions.Confirm)
        {
            campaignId = string.IsNullOrWhiteSpace(request.CampaignId) ? ReviewStart.DefaultCampaignId(year, league) : request.CampaignId.Trim();
            if (!ResourceIds.IsValid(campaignId))
            {
                return ApiProblem.BadRequest("bad_campaign_id", "campaignId: letters, digits, - and _, at most 63");
            }
        }

        var made = new CampaignDecision(league, decision, campaignId, http.User.Identity?.Name ?? "anonymous", request.Comment?.Trim(), time.GetUtcNow());
        var existing = await store.GetDecisionAsync(instanceId, league, cancellationToken);
        if (existing is null)
        {
            if (!instance.IsRunning)
            {
                return ApiProblem.Conflict("not_waiting", $"The {year} complex review is not waiting for decisions ({instance.RuntimeStatus}).");
            }

            if (campaignId is not null && (await client.GetInstanceAsync(campaignId, getInputsAndOutputs: true, cancellationToken) is not null
                || (await store.DecisionsAsync(instanceId, cancellationToken)).Any(d => d.CampaignId == campaignId)))
            {
                return ApiProblem.Conflict("campaign_exists", $"Campaign id {campaignId} is already in use; name another.");
            }

            existing = await store.TryRecordDecisionAsync(instanceId, made, cancellationToken);
        }

        if (existing is not null)
        {
            if (existing.Decision != decision || existing.CampaignId != campaignId)
            {
                return ApiProblem.Conflict("already_decided", $"{league} was already decided: {existing.Decision}{(existing.CampaignId is null ? "" : $" as {existing.CampaignId}")} by {existing.Official}.");
            }

            if (existing.Official == made.Official)
            {
                // The same official again: a lost first attempt may have stopped before its audit entry or event.
                await AuditDecisionAsync(audit, http.User, instanceId, existing, cancellationToken);
            }

            if (instance.IsRunning)
            {
                await client.RaiseEventAsync(instanceId, ReviewOrchestration.CampaignDecisionEvent, existing, cancellationToken);
            }

            return TypedResults.Ok(new DecisionResult(league, decision, campaignId, "already recorded"));
        }

        await AuditDecisionAsync(audit, http.User, instanceId, made, cancellationToken);
        await client.RaiseEventAsync(instanceId, ReviewOrchestration.CampaignDecisionEvent, made, cancellationToken);
        return TypedResults.Accepted($"/api/reviews/{year}/{ReviewKinds.Complex}", new DecisionResult(league, decision, campaignId, "accepted"));
    }

    /// <summary>One audit entry per league's decision, written before the workflow hears of it and again by a retry.</summary>
    private static Task AuditDecisionAsync(AuditTrail audit, ClaimsPrincipal who, string instanceId, CampaignDecision made, CancellationToken cancellationToken)
        => audit.RecordOnceAsync(who, $"review.campaign.{made.Decision}", instanceId, made.League,
            $"{made.League}{(made.CampaignId is null ? "" : $" → {made.CampaignId}")}: {made.Comment}", cancellationToken);

    public static async Task<Results<Ok<ReviewView>, NotFound>> GetAsync(int year, string kind, ReviewStore store, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!ReviewKinds.IsKnown(kind))
        {
            return TypedResults.NotFound();
        }

        var instanceId = ReviewStart.InstanceIdFor(kind, year);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return TypedResults.NotFound();
        }

        var decisions = await store.DecisionsAsync(instanceId, cancellationToken);
        return TypedResults.Ok(new ReviewView(instanceId, instance.RuntimeStatus.ToString(), instance.ReadCustomStatusAs<ReviewProgress>(),
            instance.ReadOutputAs<ReviewSummary>(), instance.FailureDetails?.ErrorMessage, [.. decisions.OrderBy(d => d.League, StringComparer.Ordinal)]));
    }

}

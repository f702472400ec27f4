using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Domain.Bidding;
using Serverless.Domain.Monitoring;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Monitoring;

/// <summary>Asks for the next campaign's scope drafted from a monitored campaign's evaluation: its id, and the leagues/cities (none: every one with a candidate).</summary>
public sealed record NextScopeRequest(string? NextCampaignId, IReadOnlyList<string>? Leagues = null);

/// <summary>The drafted scope: where it is, what it holds, and what the price office should check before starting the campaign.</summary>
public sealed record NextScopeView(string NextCampaignId, string SourceCampaignId, IReadOnlyList<string> Leagues, IReadOnlyList<NextScopeItem> Items, int Hospitals, string ScopeUrl);

public sealed record NextScopeItem(string Item, string Name);

/// <summary>
/// An official starts the next campaign's scope from the evaluation's priority candidates (DOMAIN.md §6 After): the draft
/// (<see cref="NextScope"/>) is written once as the new campaign's scope workbook, for the price office to download,
/// check, re-upload if it edits it, and start. Errors are ProblemDetails with a code: bad_campaign_id, bad_league,
/// monitoring_not_found, no_candidates, scope_exists.
/// </summary>
public static partial class NextScopeEndpoint
{
    /// <summary>The metadata a drafted scope carries, so that the same request again finds its own draft rather than a conflict.</summary>
    private const string DraftedFrom = "draftedfrom";

    public static async Task<Results<Created<NextScopeView>, Ok<NextScopeView>, ProblemHttpResult>> DraftAsync(string campaignId, NextScopeRequest request,
        MonitoringStore store, ScopeCache scopes, CampaignActivities campaigns, CampaignStore files, MonitoringParameters parameters, AuditTrail audit, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(campaigns);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(http);
        var next = request.NextCampaignId?.Trim();
        if (next is null || !ResourceIds.IsValid(next) || next == campaignId)
        {
            return Problem(StatusCodes.Status400BadRequest, "bad_campaign_id", "nextCampaignId: letters, digits, - and _, at most 63, and not the monitored campaign's.");
        }

        if (await store.PlanAsync(campaignId, cancellationToken) is not { } plan)
        {
            return Problem(StatusCodes.Status404NotFound, "monitoring_not_found", $"Campaign {campaignId} is not monitored.");
        }

        var leagues = (request.Leagues ?? []).Select(l => l.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (leagues.FirstOrDefault(l => !plan.Leagues.Contains(l)) is { } unknown)
        {
            return Problem(StatusCodes.Status400BadRequest, "bad_league", $"{unknown} is not a league/city of campaign {campaignId}.");
        }

        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        var evaluation = await MonitoringEndpoints.EvaluateAsync(plan, catalog, store, parameters, cancellationToken);
        var asked = leagues.Select(l => new LeagueCode(l)).ToList();
        // Adoption is recomputed from the stored round results: only for the leagues/cities the draft keeps.
        var adopted = new List<LeagueResult>();
        foreach (var kept in NextScope.Kept(evaluation, asked))
        {
            adopted.Add((await campaigns.LeagueOutcomeAsync(campaignId, kept.League.Value, cancellationToken)).League);
        }

        var draft = NextScope.Draft(catalog.Scope, new CampaignResult(catalog.Budget, adopted), evaluation, asked);
        if (draft is null)
        {
            return Problem(StatusCodes.Status409Conflict, "no_candidates", "The evaluation lists no priority candidate for these leagues/cities.");
        }

        var view = new NextScopeView(next, campaignId, [.. draft.Leagues.Select(l => l.Code.Value)], [.. draft.Items.Select(i => new NextScopeItem(i.Code.Value, i.Name))],
            draft.Hospitals.Count, $"/api/campaigns/{next}/scope");
        var origin = $"{campaignId}:{string.Join(',', view.Leagues)}";
        var blob = files.Container(StorageNames.ScopesContainer).GetBlobClient(CampaignStore.ScopeBlob(next));
        try
        {
            await blob.UploadAsync(new BinaryData(BiddingWorkbooks.Scope(draft)), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = new Dictionary<string, string> { [DraftedFrom] = origin },
            }, cancellationToken);
        }
        catch (RequestFailedException failure) when (failure.Status is 409 or 412)
        {
            var existing = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (!existing.Value.Metadata.TryGetValue(DraftedFrom, out var from) || from != origin)
            {
                return Problem(StatusCodes.Status409Conflict, "scope_exists", $"Campaign {next} already has a scope workbook; name another campaign.");
            }

            // The same request again (its first answer lost): the draft stands, and its audit entry is written if it was not.
            await AuditAsync(audit, http, campaignId, view, cancellationToken);
            return TypedResults.Ok(view);
        }

        await AuditAsync(audit, http, campaignId, view, cancellationToken);
        return TypedResults.Created(view.ScopeUrl, view);
    }

    private static Task AuditAsync(AuditTrail audit, HttpContext http, string campaignId, NextScopeView view, CancellationToken cancellationToken)
        => audit.RecordOnceAsync(http.User, "monitoring.next-scope", campaignId, view.NextCampaignId,
            $"{view.NextCampaignId}: {view.Items.Count} items, {string.Join(",", view.Leagues)}", cancellationToken);

    private static ProblemHttpResult Problem(int status, string code, string detail) => ApiProblem.Of(status, code, code.Replace('_', ' '), detail);

}

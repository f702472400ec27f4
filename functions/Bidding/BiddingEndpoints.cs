using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Durable;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Bidding;

/// <summary>The officials' and hospitals' HTTP API for bidding campaigns.</summary>
public static partial class BiddingEndpoints
{
    public static IEndpointRouteBuilder MapBidding(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/campaigns").WithTags("Bidding");
        group.MapPut("/{campaignId}/scope", UploadScopeAsync);
        group.MapPost("/", StartAsync);
        group.MapGet("/{campaignId}", GetAsync);
        group.MapPost("/{campaignId}/rounds/{round:int}/extend", ExtendAsync);
        group.MapGet("/{campaignId}/results", ListResultsAsync);
        group.MapGet("/{campaignId}/results/{**path}", DownloadResultAsync);
        group.MapGet("/{campaignId}/hospitals/{hospital}/submissions", SubmissionsAsync);
        return app;
    }

    public static async Task<Results<NoContent, BadRequest<string>>> UploadScopeAsync(string campaignId, HttpRequest request, CampaignStore store, CancellationToken cancellationToken)
    {
        if (!ValidId().IsMatch(campaignId))
        {
            return TypedResults.BadRequest("campaignId: letters, digits, - and _, at most 63");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        await store.UploadAsync(StorageNames.ScopesContainer, CampaignStore.ScopeBlob(campaignId), buffer.ToArray(), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Accepted<CampaignStarted>, BadRequest<string>, Conflict<string>>> StartAsync(CampaignStart start, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (!ValidId().IsMatch(start.CampaignId))
        {
            return TypedResults.BadRequest("campaignId: letters, digits, - and _, at most 63");
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(CampaignOrchestration.Name, start, new StartOrchestrationOptions(start.CampaignId), cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException exists)
        {
            return TypedResults.Conflict(exists.Message);
        }

        return TypedResults.Accepted($"/api/campaigns/{start.CampaignId}", new CampaignStarted(start.CampaignId, $"/api/campaigns/{start.CampaignId}"));
    }

    public static async Task<Results<Ok<CampaignStatus>, NotFound>> GetAsync(string campaignId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(campaignId, cancellationToken);
        return instance is null || instance.Name != CampaignOrchestration.Name
            ? TypedResults.NotFound()
            : TypedResults.Ok(new CampaignStatus(campaignId, instance.RuntimeStatus.ToString(), instance.ReadCustomStatusAs<CampaignProgress>(),
                instance.ReadOutputAs<CampaignSummary>(), instance.FailureDetails?.ErrorMessage, instance.CreatedAt, instance.LastUpdatedAt));
    }

    public static async Task<Results<Accepted, NotFound, Conflict<string>, BadRequest<string>>> ExtendAsync(
        string campaignId, int round, ExtendRequest request, CampaignStore store, DurableTaskClient client, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        if (request.Seconds <= 0)
        {
            return TypedResults.BadRequest("seconds must be positive");
        }

        var state = await store.GetRoundAsync(campaignId, round, cancellationToken);
        if (state is null)
        {
            return TypedResults.NotFound();
        }

        if (!state.IsOpen || state.Extended)
        {
            return TypedResults.Conflict(state.Extended ? $"Round {round} was already extended once." : $"Round {round} is closed.");
        }

        var by = http.User.Identity?.Name ?? "anonymous";
        await client.RaiseEventAsync(campaignId, CampaignOrchestration.RoundExtendedEvent, new RoundExtension(round, request.Seconds, by), cancellationToken);
        return TypedResults.Accepted($"/api/campaigns/{campaignId}");
    }

    public static async Task<Ok<IReadOnlyList<ResultFile>>> ListResultsAsync(string campaignId, CampaignStore store, CancellationToken cancellationToken)
    {
        var files = await store.ListAsync(StorageNames.ResultsContainer, $"{campaignId}/", cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ResultFile>>([.. files.Select(f => new ResultFile(f.Name[(campaignId.Length + 1)..], f.Size, f.Modified, $"/api/campaigns/{campaignId}/results/{f.Name[(campaignId.Length + 1)..]}"))]);
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> DownloadResultAsync(string campaignId, string path, CampaignStore store, CancellationToken cancellationToken)
    {
        if (path.Contains("..", StringComparison.Ordinal))
        {
            return TypedResults.NotFound();
        }

        var bytes = await store.DownloadAsync(StorageNames.ResultsContainer, $"{campaignId}/{path}", cancellationToken);
        return bytes is null
            ? TypedResults.NotFound()
            : TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Path.GetFileName(path));
    }

    public static async Task<Ok<IReadOnlyList<SubmissionView>>> SubmissionsAsync(string campaignId, string hospital, CampaignStore store, CancellationToken cancellationToken)
    {
        var rows = await store.SubmissionsAsync(campaignId, null, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SubmissionView>>([.. rows.Where(r => r.GetString("Hospital") == hospital).Select(r => new SubmissionView(
            r.GetInt32("Round") ?? 0, r.GetDateTimeOffset("UploadedAt"), r.GetBoolean("Rejected") ?? false, r.GetString("RejectionReason"),
            r.GetInt32("ValidRows") ?? 0, r.GetInt32("RejectedRows") ?? 0, $"reports/{r.GetString("ReportBlob")}", $"archive/{r.GetString("ArchiveBlob")}"))]);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")]
    private static partial Regex ValidId();
}

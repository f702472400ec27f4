using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Domain.Bidding;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Bidding;

/// <summary>The bidding campaign's functions under the Functions host: one-line adapters over the workflow code.</summary>
public sealed class BiddingFunctions(CampaignActivities activities, BidUploadFunction uploads, DurableClientAccessor clients)
{
    [Function(CampaignOrchestration.Name)]
    public static Task<CampaignSummary> Campaign([OrchestrationTrigger] TaskOrchestrationContext context)
        => CampaignOrchestration.RunAsync(context, context.GetInput<CampaignStart>()!);

    [Function(CampaignActivities.LoadScope)]
    public Task<ScopeSummary> LoadScope([ActivityTrigger] string campaignId, CancellationToken cancellationToken) => activities.LoadScopeAsync(campaignId, cancellationToken);

    [Function(CampaignActivities.OpenRound)]
    public Task<bool> OpenRound([ActivityTrigger] RoundState round, CancellationToken cancellationToken) => activities.OpenRoundAsync(round, cancellationToken);

    [Function(CampaignActivities.CloseRound)]
    public Task<bool> CloseRound([ActivityTrigger] RoundState round, CancellationToken cancellationToken) => activities.CloseRoundAsync(round, cancellationToken);

    [Function(CampaignActivities.ValidateSubmission)]
    public Task<SubmissionValidated> ValidateSubmission([ActivityTrigger] ValidationWork work, CancellationToken cancellationToken) => activities.ValidateAsync(work, cancellationToken);

    [Function(CampaignActivities.RefuseSubmission)]
    public Task<bool> RefuseSubmission([ActivityTrigger] RefusalWork work, CancellationToken cancellationToken) => activities.RefuseSubmissionAsync(work, cancellationToken);

    [Function(CampaignActivities.RoundOneFeedback)]
    public Task<int> RoundOneFeedback([ActivityTrigger] string campaignId, CancellationToken cancellationToken) => activities.RoundOneFeedbackAsync(campaignId, cancellationToken);

    [Function(CampaignActivities.AdoptLeague)]
    public Task<LeagueResult> AdoptLeague([ActivityTrigger] LeagueWork work, CancellationToken cancellationToken) => activities.AdoptLeagueAsync(work, cancellationToken);

    [Function(CampaignActivities.Finish)]
    public Task<CampaignSummary> Finish([ActivityTrigger] FinishWork work, CancellationToken cancellationToken) => activities.FinishAsync(work, cancellationToken);

    /// <summary>A bid workbook uploaded to <c>bids/{campaign}/round-{n}/{hospital}.xlsx</c>.</summary>
    [Function(BlobTriggers.BidUpload)]
    public Task BidUploaded(
        [BlobTrigger(StorageNames.BidsContainer + "/{name}", Connection = AppSettings.StorageConnection)] Azure.Storage.Blobs.BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => clients.RunAsync(client, () => BlobTriggers.HandleAsync(uploads, blob, cancellationToken));
}

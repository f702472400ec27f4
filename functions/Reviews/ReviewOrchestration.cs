using Serverless.Domain.Calendar;
using Microsoft.DurableTask;
using Serverless.Functions.Hosting;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;

namespace Serverless.Functions.Reviews;

/// <summary>
/// One annual review (DOMAIN.md §4): wait for the year's indicator workbook, score it and write the report (scores,
/// new items whose trial ends soon, hospitals over the 10 % limits). A complex review then proposes a bidding campaign
/// for each triggered league/city and waits for an official's decision on each, in any order; a confirmation starts the
/// campaign (§1) as a sub-orchestration, and the review ends when every started campaign has. The instance id is the
/// kind and year, so a second timer firing starts nothing. Deterministic: time, waits and I/O go through the context.
/// </summary>
public static class ReviewOrchestration
{
    public const string Name = "Reviews_Annual";
    public const string IndicatorsReadyEvent = "IndicatorsReady";
    public const string CampaignDecisionEvent = "CampaignDecision";

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator(Name, new Orchestrator<ReviewStart, ReviewSummary>(RunAsync));
    }

    public static async Task<ReviewSummary> RunAsync(TaskOrchestrationContext context, ReviewStart start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(start);
        context.SetCustomStatus(new ReviewProgress(ReviewPhases.AwaitingIndicators, [], [], []));
        var indicators = await context.CallActivityAsync<IndicatorScores>(ReviewActivities.LoadIndicators, start);
        while (!indicators.Ready)
        {
            await context.WaitForSignalAsync(IndicatorsReadyEvent);
            indicators = await context.CallActivityAsync<IndicatorScores>(ReviewActivities.LoadIndicators, start);
        }

        context.SetCustomStatus(new ReviewProgress(ReviewPhases.Reporting, [], [], []));
        var reviewDate = ChinaTime.ToChinaDate(new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero));
        var report = await context.CallActivityAsync<ReportWritten>(ReviewActivities.WriteReport, new ReportWork(start, reviewDate, indicators.Scores));
        var triggered = indicators.Scores.Where(s => s.Triggered).OrderBy(s => s.League, StringComparer.Ordinal).ToList();
        var summary = new ReviewSummary(start.Year, start.Kind, reviewDate, indicators.Scores, [.. triggered.Select(s => s.League)], [], [], report.ReportBlob,
            report.TrialsEnding, report.HospitalsOverLimit);

        // Only the complex review proposes campaigns (§4); the general review ends with its report.
        if (start.Kind != ReviewKinds.Complex || triggered.Count == 0)
        {
            context.SetCustomStatus(new ReviewProgress(ReviewPhases.Completed, [], [], []));
            return summary;
        }

        var proposals = triggered.Select(s => new ProposedCampaign(s.League, s.Total, ReviewStart.DefaultCampaignId(start.Year, s.League))).ToList();
        var pending = new SortedSet<string>(proposals.Select(p => p.League), StringComparer.Ordinal);
        var started = new List<(CampaignDecision Decision, string CampaignId, Task<CampaignSummary> Run)>();
        var declined = new List<string>();
        while (pending.Count > 0)
        {
            context.SetCustomStatus(new ReviewProgress(ReviewPhases.AwaitingDecisions, proposals, [.. pending], [.. started.Select(s => s.CampaignId)]));
            var decision = await context.WaitForEventAsync<CampaignDecision>(CampaignDecisionEvent);

            // The endpoint records a league's decision once; a repeat re-sent after a lost raise finds it no longer pending.
            if (decision?.League is null || !pending.Remove(decision.League))
            {
                continue;
            }

            if (decision.Decision != CampaignDecisions.Confirm)
            {
                declined.Add(decision.League);
                continue;
            }

            var campaignId = decision.CampaignId ?? ReviewStart.DefaultCampaignId(start.Year, decision.League);
            started.Add((decision, campaignId, context.CallSubOrchestratorAsync<CampaignSummary>(CampaignOrchestration.Name,
                new CampaignStart(campaignId, StartedBy: decision.Official), new SubOrchestrationOptions((TaskRetryOptions?)null, campaignId))));
        }

        context.SetCustomStatus(new ReviewProgress(ReviewPhases.AwaitingCampaigns, proposals, [], [.. started.Select(s => s.CampaignId)]));
        var confirmed = new List<LaunchedCampaign>();
        foreach (var (decision, campaignId, run) in started)
        {
            confirmed.Add(await OutcomeAsync(decision, campaignId, run));
        }

        context.SetCustomStatus(new ReviewProgress(ReviewPhases.Completed, proposals, [], []));
        return summary with { Confirmed = confirmed, Declined = [.. declined.Order(StringComparer.Ordinal)] };
    }

    /// <summary>A campaign that fails is reported with its reason; it does not fail the review, whose other campaigns stand.</summary>
    private static async Task<LaunchedCampaign> OutcomeAsync(CampaignDecision decision, string campaignId, Task<CampaignSummary> run)
    {
        try
        {
            var campaign = await run;
            return new LaunchedCampaign(decision.League, campaignId, decision.Official, campaign.Outcome, null);
        }
        catch (TaskFailedException failure)
        {
            return new LaunchedCampaign(decision.League, campaignId, decision.Official, "Failed", failure.FailureDetails.ErrorMessage);
        }
    }
}

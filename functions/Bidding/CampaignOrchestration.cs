using Serverless.Domain.Bidding;
using Serverless.Durable;

namespace Serverless.Functions.Bidding;

/// <summary>
/// The two-round bidding campaign (DOMAIN.md §1): load the scope, run round 1 until its deadline or until every
/// invited hospital has submitted, give feedback, run round 2 the same way, then rank and adopt per league/city and
/// publish the results. Deterministic: time, waits and I/O all go through the context.
/// </summary>
public static class CampaignOrchestration
{
    public const string Name = "Bidding.Campaign";
    public const string BidSubmittedEvent = "BidSubmitted";
    public const string RoundExtendedEvent = "RoundExtended";

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<CampaignStart, CampaignSummary>(Name, RunAsync);
    }

    public static async Task<CampaignSummary> RunAsync(TaskOrchestrationContext context, CampaignStart start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(start);
        var scope = await context.CallActivityAsync<ScopeSummary>(CampaignActivities.LoadScope, start.CampaignId);
        if (!scope.IsValid)
        {
            context.SetCustomStatus(new CampaignProgress("ScopeRefused", 0, null, false, 0, 0, 0, 0, 0));
            return new CampaignSummary(start.CampaignId, "ScopeRefused", [], 0, 0, 0m, 0m, [$"results/{scope.ErrorReport}"]);
        }

        var window = TimeSpan.FromSeconds(start.RoundWindowSeconds ?? scope.RoundWindowSeconds);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await RunRoundAsync(context, start.CampaignId, scope, 1, window, seen);
        context.SetCustomStatus(new CampaignProgress("Round1Feedback", 1, null, false, scope.Invited.Count, 0, 0, 0, 0));
        await context.CallActivityAsync<int>(CampaignActivities.RoundOneFeedback, start.CampaignId);
        await RunRoundAsync(context, start.CampaignId, scope, 2, window, seen);

        context.SetCustomStatus(new CampaignProgress("Adopting", 2, null, false, scope.Invited.Count, 0, 0, 0, 0));
        var leagues = await Task.WhenAll(scope.Leagues.Select(league =>
            context.CallActivityAsync<LeagueResult>(CampaignActivities.AdoptLeague, new LeagueWork(start.CampaignId, league))));
        var summary = await context.CallActivityAsync<CampaignSummary>(CampaignActivities.Finish, new FinishWork(start.CampaignId, leagues));
        context.SetCustomStatus(new CampaignProgress("Completed", 2, null, false, scope.Invited.Count, 0, 0, 0, 0));
        return summary;
    }

    private static async Task RunRoundAsync(TaskOrchestrationContext context, string campaignId, ScopeSummary scope, int round, TimeSpan window, HashSet<string> seen)
    {
        var invited = scope.Invited.ToHashSet(StringComparer.Ordinal);
        var state = new RoundState(campaignId, round, context.CurrentUtcDateTime + window, true, false);
        await context.CallActivityAsync<bool>(CampaignActivities.OpenRound, state);
        var tally = new RoundTally(invited);
        var pending = new List<Task<SubmissionValidated>>();
        var timerCancel = new CancellationTokenSource();
        var deadline = context.CreateTimer(state.DeadlineUtc, timerCancel.Token);

        // Waits left open when the round ends would swallow the next round's events: they are cancelled at the end.
        using var waits = new CancellationTokenSource();
        var bid = context.WaitForExternalEvent<BidSubmitted>(BidSubmittedEvent, waits.Token);
        var extension = context.WaitForExternalEvent<RoundExtension>(RoundExtendedEvent, waits.Token);
        context.SetCustomStatus(tally.Progress(round, state));

        // The round ends at its deadline, or once every invited hospital has a workbook that was not rejected whole.
        while (!(pending.Count == 0 && tally.EveryoneSubmitted))
        {
            var winner = await Task.WhenAny([deadline, bid, extension, .. pending]);
            if (winner == deadline)
            {
                break;
            }

            if (winner == bid)
            {
                var submitted = await bid;
                bid = context.WaitForExternalEvent<BidSubmitted>(BidSubmittedEvent, waits.Token);
                if (!seen.Add(submitted.ArchiveBlob))
                {
                    continue;
                }

                if (submitted.Round != round)
                {
                    await context.CallActivityAsync<bool>(CampaignActivities.RefuseSubmission, new RefusalWork(campaignId, submitted,
                        $"第 {submitted.Round} 轮已截止，当前为第 {round} 轮", $"Round {submitted.Round} is closed; round {round} is open"));
                    continue;
                }

                pending.Add(context.CallActivityAsync<SubmissionValidated>(CampaignActivities.ValidateSubmission, new ValidationWork(campaignId, submitted)));
                continue;
            }

            if (winner == extension)
            {
                var extend = await extension;
                extension = context.WaitForExternalEvent<RoundExtension>(RoundExtendedEvent, waits.Token);
                if (extend.Round == round && !state.Extended && extend.Seconds > 0)
                {
                    timerCancel.Cancel();
                    timerCancel.Dispose();
                    timerCancel = new CancellationTokenSource();
                    state = state with { DeadlineUtc = state.DeadlineUtc.AddSeconds(extend.Seconds), Extended = true };
                    deadline = context.CreateTimer(state.DeadlineUtc, timerCancel.Token);
                    await context.CallActivityAsync<bool>(CampaignActivities.OpenRound, state);
                }
            }
            else
            {
                var done = (Task<SubmissionValidated>)winner;
                pending.Remove(done);
                tally.Record(await done);
            }

            context.SetCustomStatus(tally.Progress(round, state));
        }

        timerCancel.Cancel();
        timerCancel.Dispose();
        waits.Cancel();
        foreach (var validated in await Task.WhenAll(pending))
        {
            tally.Record(validated);
        }

        await context.CallActivityAsync<bool>(CampaignActivities.CloseRound, state);
        context.SetCustomStatus(tally.Progress(round, state with { IsOpen = false }));
    }
}

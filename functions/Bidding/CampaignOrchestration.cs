using Serverless.Domain.Bidding;
using Microsoft.DurableTask;
using Serverless.Functions.Hosting;
using Serverless.Functions.Monitoring;
using Microsoft.DurableTask.Client;

namespace Serverless.Functions.Bidding;

/// <summary>
/// The two-round bidding campaign (DOMAIN.md §1): load the scope, run round 1 until its deadline or until every
/// invited hospital has submitted, give feedback, run round 2 the same way, then rank and adopt per league/city and
/// publish the results. Deterministic: time, waits and I/O all go through the context.
/// </summary>
public static class CampaignOrchestration
{
    public const string Name = "Bidding_Campaign";
    public const string BidSubmittedEvent = "BidSubmitted";
    public const string RoundExtendedEvent = "RoundExtended";

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator(Name, new Orchestrator<CampaignStart, CampaignSummary>(RunAsync));
    }

    public static async Task<CampaignSummary> RunAsync(TaskOrchestrationContext context, CampaignStart start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(start);
        var scope = await context.CallActivityAsync<ScopeSummary>(CampaignActivities.LoadScope, start.CampaignId);
        if (!scope.IsValid)
        {
            context.SetCustomStatus(CampaignProgress.After("ScopeRefused", []));
            return new CampaignSummary(start.CampaignId, "ScopeRefused", [], 0, 0, 0m, 0m, [$"results/{scope.ErrorReport}"], 0m, 0m, []);
        }

        var window = TimeSpan.FromSeconds(start.RoundWindowSeconds is { } asked and >= RequestBounds.MinRoundWindowSeconds and <= RequestBounds.MaxRoundWindowSeconds
            ? asked
            : scope.RoundWindowSeconds);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var waits = new EventWaits(context);
        var rounds = new List<RoundProgress>();
        rounds.Add(await RunRoundAsync(context, start.CampaignId, scope, 1, window, seen, waits, rounds));
        context.SetCustomStatus(CampaignProgress.After("Round1Feedback", rounds));
        await context.CallActivityAsync<int>(CampaignActivities.RoundOneFeedback, start.CampaignId);
        rounds.Add(await RunRoundAsync(context, start.CampaignId, scope, 2, window, seen, waits, rounds));

        context.SetCustomStatus(CampaignProgress.After("Adopting", rounds));
        var leagues = await Task.WhenAll(scope.Leagues.Select(league =>
            context.CallActivityAsync<LeagueResult>(CampaignActivities.AdoptLeague, new LeagueWork(start.CampaignId, league))));
        context.SetCustomStatus(CampaignProgress.After("Publishing", rounds));
        var summary = await context.CallActivityAsync<CampaignSummary>(CampaignActivities.Finish, new FinishWork(start.CampaignId, leagues));

        // The guide prices take effect and are monitored quarter by quarter (DOMAIN.md §6): a workflow of its own.
        await context.CallActivityAsync<string>(MonitoringActivities.Start, new MonitoringRequest(start.CampaignId, context.CurrentUtcDateTime, start.MonitoringDayMilliseconds));
        context.SetCustomStatus(CampaignProgress.After("Completed", rounds));
        return summary with { Rounds = rounds };
    }

    /// <summary>
    /// The campaign's two event waits, opened once and carried from round to round. They are never cancelled: the
    /// SDK keeps a cancelled wait in its stack, and an event reaching it is lost — an upload landing between the
    /// rounds, while the next round opens, would vanish. An open wait instead holds that event for the next round.
    /// </summary>
    private sealed class EventWaits(TaskOrchestrationContext context)
    {
        public Task<BidSubmitted?> Bid { get; private set; } = context.WaitForEventAsync<BidSubmitted>(BidSubmittedEvent);

        public Task<RoundExtension?> Extension { get; private set; } = context.WaitForEventAsync<RoundExtension>(RoundExtendedEvent);

        public async Task<BidSubmitted?> TakeBidAsync()
        {
            var bid = await Bid;
            Bid = context.WaitForEventAsync<BidSubmitted>(BidSubmittedEvent);
            return bid;
        }

        public async Task<RoundExtension?> TakeExtensionAsync()
        {
            var extension = await Extension;
            Extension = context.WaitForEventAsync<RoundExtension>(RoundExtendedEvent);
            return extension;
        }
    }

    /// <summary>
    /// Runs one round to its end and returns its totals; <paramref name="closedBefore"/> stays in the status while it runs.
    /// At the deadline the round keeps taking the workbooks uploaded by then for the scope's delivery grace (a blob
    /// trigger may deliver them late), and refuses as late any uploaded after it; it ends when the grace is over or
    /// every invited hospital has submitted.
    /// </summary>
    private static async Task<RoundProgress> RunRoundAsync(
        TaskOrchestrationContext context, string campaignId, ScopeSummary scope, int round, TimeSpan window, HashSet<string> seen, EventWaits waits, IReadOnlyList<RoundProgress> closedBefore)
    {
        var invited = scope.Invited.ToHashSet(StringComparer.Ordinal);
        var grace = TimeSpan.FromSeconds(Math.Clamp(scope.DeliveryGraceSeconds, 0, BiddingOptions.MaxDeliveryGraceSeconds));
        var state = new RoundState(campaignId, round, context.CurrentUtcDateTime + window, true, false);
        await context.CallActivityAsync<bool>(CampaignActivities.OpenRound, state);
        var tally = new RoundTally(invited);
        var pending = new List<Task<SubmissionValidated>>();
        var timerCancel = new CancellationTokenSource();
        var timer = context.CreateTimer(state.DeadlineUtc, timerCancel.Token);
        var pastDeadline = false;

        context.SetCustomStatus(CampaignProgress.During(tally.Totals(state), state.IsOpen, closedBefore));

        // The round ends when the grace after its deadline is over, or once every invited hospital has a workbook that was not rejected whole.
        while (!(pending.Count == 0 && tally.EveryoneSubmitted))
        {
            var winner = await Task.WhenAny([timer, waits.Bid, waits.Extension, .. pending]);
            if (winner == timer)
            {
                if (pastDeadline || grace == TimeSpan.Zero)
                {
                    break;
                }

                pastDeadline = true;
                timer = context.CreateTimer(state.DeadlineUtc + grace, timerCancel.Token);
                continue;
            }

            if (winner == waits.Bid)
            {
                var submitted = await waits.TakeBidAsync();
                if (submitted?.ArchiveBlob is null || !seen.Add(submitted.ArchiveBlob))
                {
                    continue;
                }

                if (submitted.Round != round)
                {
                    await context.CallActivityAsync<bool>(CampaignActivities.RefuseSubmission, new RefusalWork(campaignId, submitted,
                        $"第 {submitted.Round} 轮已截止，当前为第 {round} 轮", $"Round {submitted.Round} is closed; round {round} is open"));
                    continue;
                }

                if (submitted.UploadedAt.UtcDateTime > state.DeadlineUtc)
                {
                    var (zh, en) = LateUpload.Reasons(round, state.DeadlineUtc, submitted.UploadedAt);
                    await context.CallActivityAsync<bool>(CampaignActivities.RefuseSubmission, new RefusalWork(campaignId, submitted, zh, en));
                    continue;
                }

                pending.Add(context.CallActivityAsync<SubmissionValidated>(CampaignActivities.ValidateSubmission, new ValidationWork(campaignId, submitted)));
                continue;
            }

            if (winner == waits.Extension)
            {
                var extend = await waits.TakeExtensionAsync();
                // An extension out of bounds (the endpoint refuses those), or once the deadline has passed, is ignored
                // rather than reopening the round or pushing the timer out of range.
                if (extend is not null && extend.Round == round && !state.Extended && !pastDeadline && extend.Seconds is > 0 and <= RequestBounds.MaxExtensionSeconds)
                {
                    timerCancel.Cancel();
                    timerCancel.Dispose();
                    timerCancel = new CancellationTokenSource();
                    state = state with { DeadlineUtc = state.DeadlineUtc.AddSeconds(extend.Seconds), Extended = true };
                    timer = context.CreateTimer(state.DeadlineUtc, timerCancel.Token);
                    await context.CallActivityAsync<bool>(CampaignActivities.OpenRound, state);
                }
            }
            else
            {
                var done = (Task<SubmissionValidated>)winner;
                pending.Remove(done);
                tally.Record(await done);
            }

            context.SetCustomStatus(CampaignProgress.During(tally.Totals(state), state.IsOpen, closedBefore));
        }

        timerCancel.Cancel();
        timerCancel.Dispose();
        foreach (var validated in await Task.WhenAll(pending))
        {
            tally.Record(validated);
        }

        await context.CallActivityAsync<bool>(CampaignActivities.CloseRound, state);
        var totals = tally.Totals(state);
        context.SetCustomStatus(CampaignProgress.During(totals, isOpen: false, closedBefore));
        return totals;
    }
}

using Serverless.Domain.NewItems;
using Microsoft.DurableTask;
using Serverless.Functions.Hosting;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Security;

namespace Serverless.Functions.NewItems;

/// <summary>
/// A new-item application (DOMAIN.md §2): compatibility first, then the channel, the reviews (standard: technical,
/// expert evaluation when needed, price, in sequence; green: technical and price in parallel), the 10 % limits, the
/// trial period and its end evaluation. Every human step is a <see cref="WaitBoard"/> wait with a working-day
/// deadline, a half-time reminder and escalation to the office head. Deterministic: time, waits and I/O go through
/// the context.
/// </summary>
public static class NewItemOrchestration
{
    public const string Name = "NewItems_Application";
    public const string DecisionEvent = "Decision";

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator(Name, new Orchestrator<NewItemStart, NewItemOutcome>(RunAsync));
    }

    public static async Task<NewItemOutcome> RunAsync(TaskOrchestrationContext context, NewItemStart start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(start);
        var parameters = start.Parameters;
        var board = new WaitBoard(context, start.ApplicationId);
        var prep = await context.CallActivityAsync<Preparation>(NewItemActivities.Prepare, start);

        // Compatibility first: a confirmed match ends the application with "charge under item X".
        if (prep.Candidates.Count > 0)
        {
            board.Phase = "Compatibility";
            var match = await board.AwaitOneAsync(ReviewStepKind.CompatibilityConfirmation.ToString(), Roles.PriceOffice, parameters.PriceReviewWorkingDays, [Decisions.Approve, Decisions.Reject]);
            if (match.Decision == Decisions.Approve)
            {
                return await FinishAsync(context, start, "ChargedUnderExisting", match.ItemCode, "-");
            }
        }

        // The channel: a regional centre's key service that cannot map is green at once; an innovation needs the health commission.
        var innovationConfirmed = false;
        if (prep.InnovationFlagged && !(prep.RegionalCentreKeyService && !prep.MapsToExistingItem))
        {
            board.Phase = "InnovationConfirmation";
            var confirmation = await board.AwaitOneAsync(ReviewStepKind.InnovationConfirmation.ToString(), Roles.HealthCommission, parameters.TechnicalReviewWorkingDays, [Decisions.Approve, Decisions.Reject]);
            innovationConfirmed = confirmation.Decision == Decisions.Approve;
        }

        var channel = ChannelRules.Decide(
            new NewItemApplication("", null, null, null, null, null, null, null, prep.MapsToExistingItem, null, null, false, prep.RegionalCentreKeyService, prep.InnovationFlagged),
            prep.MapsToExistingItem, innovationConfirmed);
        board.Channel = channel.ToString();
        await context.CallActivityAsync<bool>(NewItemActivities.Record, new Completion(start.ApplicationId, "Channel", channel.ToString()));

        var stages = new List<IReadOnlyList<ReviewStep>>(ReviewPlan.For(channel, channel == ReviewChannel.Standard && prep.NeedsExpertEvaluation, parameters).Stages);
        var verdict = await RunReviewsAsync(board, stages, channel, parameters);
        if (verdict is not null)
        {
            return await FinishAsync(context, start, verdict.Value.Outcome, verdict.Value.Detail, channel.ToString());
        }

        // Approved: the 10 % limits, then the trial.
        board.Phase = "MarketLimitCheck";
        var limits = await context.CallActivityAsync<LimitCheck>(NewItemActivities.CheckMarketLimits, start);
        if (!limits.Within)
        {
            board.Phase = "MarketLimitHold";
            var hold = await board.AwaitOneAsync(ReviewStepKind.MarketLimitHold.ToString(), Roles.PriceOffice, parameters.PriceReviewWorkingDays, [Decisions.Approve, Decisions.Reject]);
            if (hold.Decision != Decisions.Approve)
            {
                return await FinishAsync(context, start, "Rejected", $"{ReviewStepKind.MarketLimitHold}: {hold.Comment}", channel.ToString());
            }
        }

        var approvalDate = Domain.Calendar.ChinaTime.ToChinaDate(new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero));
        var trial = await context.CallActivityAsync<TrialView>(NewItemActivities.StartTrial, new TrialWork(start.ApplicationId, approvalDate, Extend: false, parameters));
        while (true)
        {
            board.Phase = "Trial";
            board.Trial = trial;
            board.Publish();
            await context.CreateTimer(trial.EvaluationAtUtc, CancellationToken.None);

            board.Phase = "TrialEvaluation";
            IReadOnlyList<string> allowed = trial.Extended
                ? [Decisions.GeneralCatalogue, Decisions.ComplexCatalogue, Decisions.End]
                : [Decisions.GeneralCatalogue, Decisions.ComplexCatalogue, Decisions.Extend, Decisions.End];
            var evaluation = await board.AwaitOneAsync(ReviewStepKind.TrialEvaluation.ToString(), Roles.PriceOffice, parameters.PriceReviewWorkingDays, allowed);
            if (evaluation.Decision == Decisions.Extend)
            {
                trial = await context.CallActivityAsync<TrialView>(NewItemActivities.StartTrial, new TrialWork(start.ApplicationId, approvalDate, Extend: true, parameters));
                continue;
            }

            var outcome = evaluation.Decision switch
            {
                Decisions.GeneralCatalogue => "GeneralCatalogue",
                Decisions.ComplexCatalogue => "ComplexCatalogue",
                _ => "Ended",
            };
            return await FinishAsync(context, start, outcome, evaluation.Comment, channel.ToString());
        }
    }

    /// <summary>
    /// Runs the review stages. A reject ends the application; a return waits for the hospital's resubmission and then
    /// reviews the returned steps again (approved steps stay approved); the green channel's price official may ask for
    /// the expert panel, which adds the evaluation and a second price review. Null when every review approved.
    /// </summary>
    private static async Task<(string Outcome, string? Detail)?> RunReviewsAsync(WaitBoard board, List<IReadOnlyList<ReviewStep>> stages, ReviewChannel channel, NewItemParameters parameters)
    {
        var expertRequested = false;
        for (var index = 0; index < stages.Count; index++)
        {
            IReadOnlyList<ReviewStep> pending = stages[index];
            while (pending.Count > 0)
            {
                board.Phase = string.Join("+", pending.Select(s => s.Kind));
                var waits = pending.Select(step => (step.Kind.ToString(), RoleOf(step.DecidedBy), step.WorkingDays, AllowedFor(step, channel, expertRequested))).ToList();
                var decisions = await board.AwaitAllAsync(waits);
                if (decisions.FirstOrDefault(d => d.Decision == Decisions.Reject) is { } rejection)
                {
                    return ("Rejected", $"{rejection.Step}: {rejection.Comment}");
                }

                if (!expertRequested && decisions.Any(d => d.Decision == Decisions.RequestExpert))
                {
                    expertRequested = true;
                    stages.InsertRange(index + 1, ReviewPlan.GreenExpertRequested(parameters));
                }

                var returned = pending.Where((_, i) => decisions[i].Decision == Decisions.Return).ToList();
                if (returned.Count > 0)
                {
                    board.Phase = Decisions.ResubmissionStep;
                    var resubmission = await board.AwaitOneAsync(Decisions.ResubmissionStep, Roles.Hospital, parameters.ResubmissionWorkingDays, [Decisions.Resubmit], lapses: true);
                    if (resubmission.Decision != Decisions.Resubmit)
                    {
                        return ("Lapsed", "The hospital did not resubmit before the deadline.");
                    }
                }

                pending = returned;
            }
        }

        return null;
    }

    private static IReadOnlyList<string> AllowedFor(ReviewStep step, ReviewChannel channel, bool expertRequested) =>
        channel == ReviewChannel.Green && step.Kind == ReviewStepKind.PriceReview && !expertRequested
            ? [Decisions.Approve, Decisions.Reject, Decisions.Return, Decisions.RequestExpert]
            : [Decisions.Approve, Decisions.Reject, Decisions.Return];

    public static string RoleOf(OfficialRole role) => role switch
    {
        OfficialRole.PriceOffice => Roles.PriceOffice,
        OfficialRole.HealthCommission => Roles.HealthCommission,
        OfficialRole.ExpertPanel => Roles.ExpertPanel,
        OfficialRole.OfficeHead => Roles.OfficeHead,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    private static async Task<NewItemOutcome> FinishAsync(TaskOrchestrationContext context, NewItemStart start, string outcome, string? detail, string channel)
    {
        await context.CallActivityAsync<bool>(NewItemActivities.Record, new Completion(start.ApplicationId, outcome, detail));
        context.SetCustomStatus(new NewItemProgress(outcome, channel, [], null));
        return new NewItemOutcome(start.ApplicationId, outcome, detail, channel);
    }
}

using Serverless.Domain.Calendar;
using Serverless.Domain.NewItems;
using Serverless.Functions.Security;

namespace Serverless.Functions.NewItems;

/// <summary>
/// The path an application takes (DOMAIN.md §2) as a step diagram: submission, compatibility when there are
/// candidates, innovation confirmation when flagged, the channel's reviews, a resubmission when one was asked for,
/// the market-limit hold when it happened, the trial and its evaluation, and the outcome once the workflow ended.
/// Each step's state comes from its latest wait; a returned review is to be reviewed again.
/// </summary>
public static class NewItemSteps
{
    public const string Submitted = "Submitted";
    public const string Trial = "Trial";
    public const string Done = "done";
    public const string Current = "current";
    public const string Upcoming = "upcoming";
    public const string Skipped = "skipped";

    /// <summary>A deadline this many working days away or nearer is shown as due soon.</summary>
    public const int DueSoonWorkingDays = 2;

    /// <summary>How near a due date is, China day <paramref name="today"/>: working days left, overdue (past it), due soon (within <see cref="DueSoonWorkingDays"/>).</summary>
    public static (int WorkingDaysLeft, bool Overdue, bool DueSoon) Urgency(DateOnly due, DateOnly today, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var left = calendar.WorkingDaysBetween(today, due);
        var overdue = due < today;
        return (left, overdue, !overdue && left <= DueSoonWorkingDays);
    }

    public static IReadOnlyList<StepView> For(ApplicationForm form, int candidates, string? channel, IReadOnlyList<WaitSnapshot> waits, string? phase, string? outcome,
        NewItemParameters parameters, WorkingDayCalendar calendar, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(waits);
        ArgumentNullException.ThrowIfNull(calendar);
        var application = form.ToDomain("", null);
        var maps = form.MapsToExistingItem == true;
        var stages = new List<IReadOnlyList<string>> { new[] { Submitted } };
        if (candidates > 0 || Has(waits, ReviewStepKind.CompatibilityConfirmation))
        {
            stages.Add([nameof(ReviewStepKind.CompatibilityConfirmation)]);
        }

        if (form.InnovationFlagged && !(form.NationalRegionalCentreKeyService && !maps))
        {
            stages.Add([nameof(ReviewStepKind.InnovationConfirmation)]);
        }

        // Before the channel is recorded it is the one the rules give without the innovation confirmation.
        var green = channel is { } known ? known == nameof(ReviewChannel.Green) : ChannelRules.Decide(application, maps, false) == ReviewChannel.Green;
        var plan = ReviewPlan.For(green ? ReviewChannel.Green : ReviewChannel.Standard, ChannelRules.NeedsExpertEvaluation(application, parameters), parameters).Stages
            .Select(s => (IReadOnlyList<string>)[.. s.Select(step => step.Kind.ToString())]).ToList();
        if (green && Has(waits, ReviewStepKind.ExpertEvaluation))
        {
            plan.AddRange(ReviewPlan.GreenExpertRequested(parameters).Select(s => (IReadOnlyList<string>)[.. s.Select(step => step.Kind.ToString())]));
        }

        var reviewsFrom = stages.Count;
        stages.AddRange(plan);
        if (Has(waits, ReviewStepKind.MarketLimitHold))
        {
            stages.Add([nameof(ReviewStepKind.MarketLimitHold)]);
        }

        stages.Add([Trial]);
        stages.Add([nameof(ReviewStepKind.TrialEvaluation)]);

        var steps = new List<(int Stage, string Step)>();
        for (var i = 0; i < stages.Count; i++)
        {
            steps.AddRange(stages[i].Select(s => (i, s)));
        }

        // A step taken twice (the green channel's price review around the expert panel's) reads its first wait, then its latest.
        var views = steps.Select((s, index) => steps.Skip(index + 1).Any(o => o.Step == s.Step)
            ? View(s.Stage, s.Step, waits.FirstOrDefault(w => w.Step == s.Step), phase, outcome, calendar, today, laterOccurrence: true)
            : View(s.Stage, s.Step, Latest(waits, s.Step), phase, outcome, calendar, today, laterOccurrence: false)).ToList();

        // A resubmission stands before the first review that is not done yet (the returned ones).
        if (waits.Any(w => w.Step == Decisions.ResubmissionStep))
        {
            var at = views.FindIndex(v => v.Stage >= reviewsFrom && v.State != Done);
            var stage = at < 0 ? views[^1].Stage + 1 : views[at].Stage;
            var resubmission = View(stage, Decisions.ResubmissionStep, Latest(waits, Decisions.ResubmissionStep), phase, outcome, calendar, today, laterOccurrence: false);
            views = [.. views.Select(v => v.Stage >= stage ? v with { Stage = v.Stage + 1 } : v)];
            views.Insert(at < 0 ? views.Count : at, resubmission);
        }

        // Ended: what was not reached is skipped, and the outcome closes the path.
        if (outcome is { Length: > 0 })
        {
            views = [.. views.Select(v => v.State is Upcoming or Current ? v with { State = Skipped } : v)];
            views.Add(new StepView(views[^1].Stage + 1, outcome, Done, null, null, null, null, null, false, false));
        }

        return views;
    }

    private static bool Has(IReadOnlyList<WaitSnapshot> waits, ReviewStepKind step) => waits.Any(w => w.Step == step.ToString());

    private static WaitSnapshot? Latest(IReadOnlyList<WaitSnapshot> waits, string step) => waits.LastOrDefault(w => w.Step == step);

    private static StepView View(int stage, string step, WaitSnapshot? wait, string? phase, string? outcome, WorkingDayCalendar calendar, DateOnly today, bool laterOccurrence)
    {
        if (step == Submitted)
        {
            return new StepView(stage, step, Done, Roles.Hospital, null, null, null, null, false, false);
        }

        if (step == Trial)
        {
            var state = phase == Trial ? Current : phase == nameof(ReviewStepKind.TrialEvaluation) || outcome is "GeneralCatalogue" or "ComplexCatalogue" or "Ended" ? Done : Upcoming;
            return new StepView(stage, step, state, null, null, null, null, null, false, false);
        }

        if (wait is null)
        {
            return new StepView(stage, step, Upcoming, null, null, null, null, null, false, false);
        }

        if (wait.State == WaitStates.Open)
        {
            if (wait.DueDate is not { } due)
            {
                return new StepView(stage, step, Current, wait.Role, null, null, wait.ExpiresAt, null, false, false);
            }

            var (left, overdue, dueSoon) = Urgency(due, today, calendar);
            return new StepView(stage, step, Current, wait.Role, null, due, wait.ExpiresAt, left, overdue, dueSoon);
        }

        // A returned review is reviewed again; the green channel's first price review is done once the expert panel is asked.
        var again = wait.Decision == Decisions.Return && !laterOccurrence;
        return new StepView(stage, step, again ? Upcoming : Done, wait.Role, wait.Decision, wait.DueDate, wait.ExpiresAt, null, false, false);
    }
}

using Serverless.Domain.Calendar;
using Serverless.Domain.NewItems;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.NewItems;

/// <summary>The step diagram a reviewer reads (DOMAIN.md §2): the application's path in order, where it is, and its deadline.</summary>
public sealed class NewItemStepsTests
{
    private static readonly WorkingDayCalendar Weekdays = new([], [], []);
    private static readonly DateOnly Today = new(2026, 3, 2); // a Monday

    private static WaitSnapshot Wait(int n, string step, string role, string state, string? decision = null, DateOnly? due = null)
        => new($"{step}-{n}", step, role, state, due ?? Today.AddDays(14), null, decision);

    private static IReadOnlyList<string> Path(IReadOnlyList<StepView> steps) => [.. steps.Select(s => $"{s.Stage}:{s.Step}:{s.State}")];

    [Fact]
    public void A_standard_application_over_the_expert_threshold_waits_on_compatibility_then_the_three_reviews_in_turn()
    {
        var form = NewItemHarness.Form("H1", "磁控胶囊胃镜", price: 1_200m);
        var steps = NewItemSteps.For(form, candidates: 2, channel: null, [Wait(1, "CompatibilityConfirmation", Roles.PriceOffice, WaitStates.Open)], "Compatibility", null,
            new NewItemParameters(), Weekdays, Today);
        Assert.Equal(["0:Submitted:done", "1:CompatibilityConfirmation:current", "2:TechnicalReview:upcoming", "3:ExpertEvaluation:upcoming", "4:PriceReview:upcoming",
            "5:Trial:upcoming", "6:TrialEvaluation:upcoming"], Path(steps));
        var current = steps[1];
        Assert.Equal((10, false, false), (current.WorkingDaysLeft, current.Overdue, current.DueSoon));
    }

    [Fact]
    public void A_returned_review_waits_for_the_resubmission_and_is_reviewed_again()
    {
        var form = NewItemHarness.Form("H1", "小儿推拿", price: 80m, volume: 100);
        IReadOnlyList<WaitSnapshot> waits =
        [
            Wait(1, "TechnicalReview", Roles.HealthCommission, WaitStates.Decided, Decisions.Approve),
            Wait(2, "PriceReview", Roles.PriceOffice, WaitStates.Decided, Decisions.Return),
            Wait(3, Decisions.ResubmissionStep, Roles.Hospital, WaitStates.Open, due: Today.AddDays(1)),
        ];
        var steps = NewItemSteps.For(form, 0, "Standard", waits, Decisions.ResubmissionStep, null, new NewItemParameters(), Weekdays, Today);
        Assert.Equal(["0:Submitted:done", "1:TechnicalReview:done", "2:Resubmission:current", "3:PriceReview:upcoming", "4:Trial:upcoming", "5:TrialEvaluation:upcoming"], Path(steps));
        Assert.Equal((1, true), (steps[2].WorkingDaysLeft, steps[2].DueSoon));
        Assert.Equal(Decisions.Return, steps[3].Decision);
    }

    [Fact]
    public void A_green_price_review_that_asked_the_expert_panel_is_done_and_the_second_one_is_current_and_overdue()
    {
        var form = NewItemHarness.Form("H1", "经导管二尖瓣修复", price: 30_000m, regionalCentre: true);
        IReadOnlyList<WaitSnapshot> waits =
        [
            Wait(1, "TechnicalReview", Roles.HealthCommission, WaitStates.Decided, Decisions.Approve),
            Wait(2, "PriceReview", Roles.PriceOffice, WaitStates.Decided, Decisions.RequestExpert),
            Wait(3, "ExpertEvaluation", Roles.ExpertPanel, WaitStates.Decided, Decisions.Approve),
            Wait(4, "PriceReview", Roles.PriceOffice, WaitStates.Open, due: Today.AddDays(-1)),
        ];
        var steps = NewItemSteps.For(form, 0, "Green", waits, "PriceReview", null, new NewItemParameters(), Weekdays, Today);
        Assert.Equal(["0:Submitted:done", "1:TechnicalReview:done", "1:PriceReview:done", "2:ExpertEvaluation:done", "3:PriceReview:current", "4:Trial:upcoming", "5:TrialEvaluation:upcoming"], Path(steps));
        Assert.Equal(Decisions.RequestExpert, steps[2].Decision);
        Assert.Equal((true, false), (steps[4].Overdue, steps[4].DueSoon));
    }

    [Fact]
    public void A_rejected_application_skips_what_it_did_not_reach_and_ends_with_its_outcome()
    {
        var form = NewItemHarness.Form("H1", "中医定向透药", price: 50m, volume: 100);
        IReadOnlyList<WaitSnapshot> waits = [Wait(1, "TechnicalReview", Roles.HealthCommission, WaitStates.Decided, Decisions.Reject)];
        var steps = NewItemSteps.For(form, 0, "Standard", waits, "Rejected", "Rejected", new NewItemParameters(), Weekdays, Today);
        Assert.Equal(["0:Submitted:done", "1:TechnicalReview:done", "2:PriceReview:skipped", "3:Trial:skipped", "4:TrialEvaluation:skipped", "5:Rejected:done"], Path(steps));
    }
}

using Serverless.Domain.Bidding;
using Serverless.Domain.NewItems;
using Serverless.Domain.Tabular;

namespace Serverless.Domain.Tests.NewItems;

public sealed class NewItemRulesTests
{
    private static readonly NewItemParameters Defaults = new();

    private static NewItemApplication Application(decimal price = 500m, long volume = 100, bool highResourceUse = false,
        bool regionalCentre = false, bool innovation = false) =>
        new("form", null, new HospitalCode("H001"), "经皮冠脉内超声检查", "血管内超声成像", new Yuan(price), volume, "诊断",
            MapsToExistingItem: false, Attachments: ["成本测算表.xlsx"], HighResourceUse: highResourceUse,
            NationalRegionalCentreKeyService: regionalCentre, InnovationFlagged: innovation);

    [Fact]
    public void Intake_refuses_text_longer_than_its_limit_and_accepts_text_at_the_limit()
    {
        Assert.Empty(NewItemIntake.Validate(Application() with { Description = new string('术', NewItemIntake.MaxDescriptionLength) }));
        var issue = Assert.Single(NewItemIntake.Validate(Application() with { Description = new string('术', NewItemIntake.MaxDescriptionLength + 1) }));
        Assert.Equal(("description", "too_long"), (issue.Column, issue.Code));
        Assert.Equal("too_long", Assert.Single(NewItemIntake.Validate(Application() with { Attachments = [.. Enumerable.Repeat("a.pdf", NewItemIntake.MaxAttachments + 1)] })).Code);
    }

    [Fact]
    public void Intake_reports_every_missing_field_at_once()
    {
        var empty = new NewItemApplication("applications/H001/a.xlsx", 2, null, " ", null, null, null, null, null, []);

        var issues = NewItemIntake.Validate(empty);

        Assert.Equal(
            ["hospital_code", "proposed_name", "description", "expected_price", "expected_annual_volume", "category", "maps_to_existing", "attachments"],
            issues.Select(issue => issue.Column));
        Assert.All(issues, issue => Assert.Equal(("applications/H001/a.xlsx", 2), (issue.FileName, issue.RowNumber!.Value)));
    }

    [Fact]
    public void Intake_rejects_a_non_positive_price_and_volume_and_accepts_a_complete_application()
    {
        Assert.Equal(["price_invalid", "volume_invalid"], NewItemIntake.Validate(Application(price: 0m, volume: 0)).Select(issue => issue.Code));
        Assert.Empty(NewItemIntake.Validate(Application()));
    }

    [Theory]
    [InlineData("9223372036854775807")] // long.MaxValue, once reported as a missing field
    [InlineData("1e20")]
    [InlineData("1000000001")]
    [InlineData("-5")]
    public void A_volume_out_of_range_in_a_workbook_is_reported_as_invalid_not_missing(string volume)
    {
        string?[] cells = ["H001", "经皮冠脉内超声检查", "血管内超声成像", "500", volume, "诊断", "否", "成本测算表.xlsx", null, null, null, null];
        var sheet = new RawSheet("applications/H001/a.xlsx", "新增项目申请", NewItemSheets.Applications,
            [.. NewItemSheets.Applications.Columns.Select(_ => true)], [new RawRow(3, cells)]);

        var (valid, issues) = NewItemSheets.ReadApplications(sheet);

        Assert.Empty(valid);
        var issue = Assert.Single(issues);
        Assert.Equal((3, "预计年服务量", "volume_invalid"), (issue.RowNumber!.Value, issue.Column, issue.Code));
    }

    [Fact]
    public void Intake_bounds_volume_and_price_so_expected_revenue_always_fits()
    {
        Assert.Empty(NewItemIntake.Validate(Application(price: NewItemIntake.MaxExpectedPrice, volume: NewItemIntake.MaxAnnualVolume)));
        Assert.Equal(["price_invalid", "volume_invalid"],
            NewItemIntake.Validate(Application(price: NewItemIntake.MaxExpectedPrice + 0.01m, volume: NewItemIntake.MaxAnnualVolume + 1)).Select(issue => issue.Code));
        Assert.Equal("volume_invalid", Assert.Single(NewItemIntake.Validate(Application(volume: long.MaxValue))).Code);
    }

    [Theory]
    [InlineData(999.99, 1000, false, false)] // revenue 999,990
    [InlineData(1000.00, 1, false, true)] // price exactly 1,000
    [InlineData(500, 2000, false, true)] // revenue exactly 1,000,000
    [InlineData(500, 1999, false, false)] // revenue 999,500
    [InlineData(10, 1, true, true)] // high resource use
    public void Expert_evaluation_thresholds_are_inclusive(decimal price, long volume, bool highResourceUse, bool expected)
    {
        Assert.Equal(expected, ChannelRules.NeedsExpertEvaluation(Application(price, volume, highResourceUse), Defaults));
    }

    [Theory]
    [InlineData(true, false, false, false, ReviewChannel.Green)]
    [InlineData(true, true, false, false, ReviewChannel.Standard)]
    [InlineData(false, false, true, false, ReviewChannel.Standard)]
    [InlineData(false, false, true, true, ReviewChannel.Green)]
    [InlineData(false, false, false, true, ReviewChannel.Standard)]
    public void Green_channel_needs_an_unmappable_regional_centre_service_or_a_confirmed_innovation(
        bool regionalCentre, bool canMap, bool innovation, bool confirmed, ReviewChannel expected)
    {
        Assert.Equal(expected, ChannelRules.Decide(Application(regionalCentre: regionalCentre, innovation: innovation), canMap, confirmed));
    }

    [Fact]
    public void Standard_plan_runs_technical_expert_and_price_in_sequence()
    {
        var plan = ReviewPlan.For(ReviewChannel.Standard, expertEvaluationNeeded: true, Defaults);

        Assert.Equal(
            [new ReviewStep(ReviewStepKind.TechnicalReview, OfficialRole.HealthCommission, 20)],
            plan.Stages[0]);
        Assert.Equal([new ReviewStep(ReviewStepKind.ExpertEvaluation, OfficialRole.ExpertPanel, 20)], plan.Stages[1]);
        Assert.Equal([new ReviewStep(ReviewStepKind.PriceReview, OfficialRole.PriceOffice, 20)], plan.Stages[2]);
        Assert.Equal(2, ReviewPlan.For(ReviewChannel.Standard, expertEvaluationNeeded: false, Defaults).Stages.Count);
    }

    [Fact]
    public void Green_plan_runs_both_reviews_in_parallel_within_ten_working_days()
    {
        var plan = ReviewPlan.For(ReviewChannel.Green, expertEvaluationNeeded: true, Defaults);

        var stage = Assert.Single(plan.Stages);
        Assert.Equal(
            [new ReviewStep(ReviewStepKind.TechnicalReview, OfficialRole.HealthCommission, 10), new ReviewStep(ReviewStepKind.PriceReview, OfficialRole.PriceOffice, 10)],
            stage);
    }

    [Fact]
    public void Decisions_need_the_steps_role_and_a_reason_to_reject_or_return()
    {
        var wrongRole = new ReviewDecision(ReviewStepKind.TechnicalReview, ReviewDecisionKind.Approve, "u1", OfficialRole.PriceOffice, null);
        var rejectWithoutReason = new ReviewDecision(ReviewStepKind.PriceReview, ReviewDecisionKind.Reject, "u2", OfficialRole.PriceOffice, " ");
        var headAfterEscalation = new ReviewDecision(ReviewStepKind.PriceReview, ReviewDecisionKind.Approve, "head", OfficialRole.OfficeHead, null);
        var expertInStandard = new ReviewDecision(ReviewStepKind.PriceReview, ReviewDecisionKind.RequestExpertEvaluation, "u2", OfficialRole.PriceOffice, null);

        Assert.Single(wrongRole.Problems(ReviewChannel.Standard, escalated: false));
        Assert.Single(rejectWithoutReason.Problems(ReviewChannel.Standard, escalated: false));
        Assert.Single(headAfterEscalation.Problems(ReviewChannel.Standard, escalated: false));
        Assert.Empty(headAfterEscalation.Problems(ReviewChannel.Standard, escalated: true));
        Assert.Single(expertInStandard.Problems(ReviewChannel.Standard, escalated: false));
        Assert.Empty(expertInStandard.Problems(ReviewChannel.Green, escalated: false));
    }

    [Fact]
    public void Approval_that_would_pass_a_ten_percent_limit_is_held()
    {
        // 19 of 200 items, 900,000 of 10,000,000 revenue.
        var position = new MarketRegulatedPosition(new HospitalCode("H001"), 200, 19, new Yuan(10_000_000m), new Yuan(900_000m));

        // +100,000: 20/201 = 9.95 %, 1,000,000/10,100,000 = 9.90 % → within.
        Assert.True(position.WithApprovedItem(new Yuan(100_000m)).WithinLimits(Defaults));
        // +200,000: 1,100,000/10,200,000 = 10.78 % → revenue limit broken.
        var tooMuchRevenue = position.WithApprovedItem(new Yuan(200_000m));
        Assert.True(tooMuchRevenue.ExceedsRevenueLimit(Defaults));
        Assert.False(tooMuchRevenue.ExceedsItemLimit(Defaults));
        // 20 of 200 → 21/201 = 10.45 % → item limit broken; 19 of 199 → 20/200 = exactly 10 % → allowed.
        Assert.True((position with { MarketRegulatedItems = 20 }).WithApprovedItem(Yuan.Zero).ExceedsItemLimit(Defaults));
        Assert.False((position with { ChargeItems = 199 }).WithApprovedItem(Yuan.Zero).ExceedsItemLimit(Defaults));
    }

    [Fact]
    public void Trial_lasts_two_years_and_extends_only_once()
    {
        var trial = TrialPeriod.Begin("A-1", new HospitalCode("H001"), "经皮冠脉内超声检查", new DateOnly(2026, 11, 23), Defaults);
        Assert.Equal(new DateOnly(2028, 11, 23), trial.EndDate);

        var extended = trial.Apply(TrialOutcome.ExtendOnce, Defaults)!;
        Assert.Equal(new DateOnly(2029, 11, 23), extended.EndDate);
        Assert.Throws<InvalidOperationException>(() => extended.Apply(TrialOutcome.ExtendOnce, Defaults));
        Assert.Null(trial.Apply(TrialOutcome.MoveToGeneralCatalogue, Defaults));
    }

    [Fact]
    public void Compatibility_candidates_rank_code_then_name_then_keywords()
    {
        CatalogueItem[] catalogue =
        [
            new(new ItemCode("330100001"), "血管内超声", ["超声"]),
            new(new ItemCode("310100002"), "冠状动脉造影", ["冠脉"]),
            new(new ItemCode("250100003"), "血常规", ["血常规"]),
        ];
        var application = Application() with { ClaimedExistingItem = new ItemCode("310100002") };

        var candidates = CompatibilityMatcher.Candidates(application, catalogue);

        // 310100002: code 100 + keyword 冠脉 10 = 110; 330100001: keyword 超声 10 (name not contained) = 10; 血常规 no match.
        Assert.Equal([("310100002", 110), ("330100001", 10)], candidates.Select(c => (c.Item.Code.Value, c.Score)));
    }
}

using Azure.Data.Tables;
using Serverless.Domain.NewItems;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Tests.NewItems;

/// <summary>Issue 6's workflow proof: each path of DOMAIN.md §2 on a fake clock, with asserted outcomes.</summary>
public sealed class NewItemWorkflowTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private static readonly DateOnly Monday = new(2027, 3, 1);
    private static readonly TimeOnly TenAm = new(10, 0);
    private const string Technical = nameof(ReviewStepKind.TechnicalReview);
    private const string Price = nameof(ReviewStepKind.PriceReview);
    private const string Expert = nameof(ReviewStepKind.ExpertEvaluation);

    [Fact]
    public async Task A_confirmed_compatible_item_ends_with_charge_under_that_item()
    {
        var h = await NewItemHarness.StartAsync(fixture.Azurite, Monday, TenAm);
        var catalogue = WorkbookWriter.ToBytes([new SheetTable("项目目录", [new TableColumn("项目编码"), new TableColumn("项目名称"), new TableColumn("关键词")],
        [
            ["330100001", "经皮冠状动脉支架植入术", "冠脉、支架"],
            ["330100002", "冠状动脉造影术", "造影"],
        ])]);
        await h.Storage.Blobs.GetBlobContainerClient(StorageNames.WorkContainer).GetBlobClient(NewItemStore.CatalogueBlob).UploadAsync(new BinaryData(catalogue), overwrite: true);
        var hospital = NewItemHarness.NewHospital();

        var id = await h.SubmitAsync(NewItemHarness.Form(hospital, "经皮冠状动脉支架植入术（药物球囊）"));
        Assert.Equal([nameof(ReviewStepKind.CompatibilityConfirmation)], await h.OpenStepsAsync(id));
        Assert.Equal(400, await h.DecideAsync(id, Roles.PriceOffice, nameof(ReviewStepKind.CompatibilityConfirmation), Decisions.Approve, itemCode: "999"));
        Assert.Equal(403, await h.DecideAsync(id, Roles.HealthCommission, nameof(ReviewStepKind.CompatibilityConfirmation), Decisions.Approve, itemCode: "330100001"));
        Assert.Equal(202, await h.DecideAsync(id, Roles.PriceOffice, nameof(ReviewStepKind.CompatibilityConfirmation), Decisions.Approve, "按现有项目收费", "330100001"));

        var outcome = await h.OutcomeAsync(id);
        Assert.Equal(("ChargedUnderExisting", "330100001"), (outcome!.Outcome, outcome.Detail));
    }

    [Fact]
    public async Task Standard_channel_without_expert_reviews_in_sequence_then_runs_a_two_year_trial_to_the_general_catalogue()
    {
        var h = await NewItemHarness.StartAsync(fixture.Azurite, Monday, TenAm);
        var hospital = NewItemHarness.NewHospital();
        await h.Store.SavePositionAsync(new MarketRegulatedPosition(new(hospital), 200, 5, new(10_000_000m), new(100_000m)), CancellationToken.None);
        var id = await h.SubmitAsync(NewItemHarness.Form(hospital, "无创肝纤维化弹性测定", price: 300m, volume: 200));

        Assert.Equal([Technical], await h.OpenStepsAsync(id));
        Assert.Equal(403, await h.DecideAsync(id, Roles.PriceOffice, Technical, Decisions.Approve));
        Assert.Equal(404, await h.DecideAsync(id, Roles.PriceOffice, Price, Decisions.Approve));
        Assert.Equal([Technical], await h.OpenStepsAsync(id));
        Assert.Equal(202, await h.DecideAsync(id, Roles.HealthCommission, Technical, Decisions.Approve, "技术可行"));
        Assert.Equal([Price], await h.OpenStepsAsync(id));
        Assert.Equal(202, await h.DecideAsync(id, Roles.PriceOffice, Price, Decisions.Approve, "价格合理"));

        var progress = await h.ProgressAsync(id);
        Assert.Equal("Trial", progress.Phase);
        Assert.Equal((Monday, Monday.AddYears(2), false), (progress.Trial!.StartDate, progress.Trial.EndDate, progress.Trial.Extended));
        var position = await h.Store.GetPositionAsync(hospital, CancellationToken.None);
        Assert.Equal((201, 6, 10_060_000m), (position!.ChargeItems, position.MarketRegulatedItems, position.MedicalServiceRevenue.Value));

        // Nothing happens the day before the trial ends; on its last day the evaluation opens.
        await h.AtChinaTimeAsync(Monday.AddYears(2).AddDays(-1), new TimeOnly(12, 0));
        Assert.Empty(await h.OpenStepsAsync(id));
        await h.AtChinaTimeAsync(Monday.AddYears(2), new TimeOnly(9, 0));
        Assert.Equal([nameof(ReviewStepKind.TrialEvaluation)], await h.OpenStepsAsync(id));
        Assert.Equal(202, await h.DecideAsync(id, Roles.PriceOffice, nameof(ReviewStepKind.TrialEvaluation), Decisions.GeneralCatalogue, "疗效确切"));
        Assert.Equal("GeneralCatalogue", (await h.OutcomeAsync(id))!.Outcome);
        Assert.Equal("Standard", (await h.OutcomeAsync(id))!.Channel);
    }

    [Fact]
    public async Task An_expensive_item_needs_the_expert_panel_between_the_reviews_and_a_reject_needs_a_reason()
    {
        var h = await NewItemHarness.StartAsync(fixture.Azurite, Monday, TenAm);
        var id = await h.SubmitAsync(NewItemHarness.Form(NewItemHarness.NewHospital(), "机器人辅助肾部分切除术", price: 1_000m, volume: 10));

        Assert.Equal(202, await h.DecideAsync(id, Roles.HealthCommission, Technical, Decisions.Approve));
        Assert.Equal([Expert], await h.OpenStepsAsync(id));
        Assert.Equal(400, await h.DecideAsync(id, Roles.ExpertPanel, Expert, Decisions.Reject));
        Assert.Equal(400, await h.DecideAsync(id, Roles.ExpertPanel, Expert, Decisions.RequestExpert, "x"));
        Assert.Equal(202, await h.DecideAsync(id, Roles.ExpertPanel, Expert, Decisions.Reject, "经济性评价不足"));

        var outcome = await h.OutcomeAsync(id);
        Assert.Equal("Rejected", outcome!.Outcome);
        Assert.Contains("经济性评价不足", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(409, await h.DecideAsync(id, Roles.ExpertPanel, Expert, Decisions.Approve));
    }

    [Fact]
    public async Task Green_channel_runs_both_reviews_at_once_and_a_repeated_decision_counts_once()
    {
        var h = await NewItemHarness.StartAsync(fixture.Azurite, Monday, TenAm);
        var hospital = NewItemHarness.NewHospital();
        await h.Store.SavePositionAsync(new MarketRegulatedPosition(new(hospital), 500, 10, new(50_000_000m), new(500_000m)), CancellationToken.None);
        var id = await h.SubmitAsync(NewItemHarness.Form(hospital, "质子重离子放射治疗", price: 5_000m, volume: 100, regionalCentre: true));

        Assert.Equal([Price, Technical], await h.OpenStepsAsync(id));
        var progress = await h.ProgressAsync(id);
        Assert.Equal("Green", progress.Channel);
        Assert.All(progress.OpenWaits, w => Assert.Equal(new DateOnly(2027, 3, 15), w.DueDate));

        Assert.Equal(202, await h.DecideAsync(id, Roles.PriceOffice, Price, Decisions.Approve, user: "li.price"));
        Assert.Equal(200, await h.DecideAsync(id, Roles.PriceOffice, Price, Decisions.Approve, user: "li.price"));
        Assert.Equal(409, await h.DecideAsync(id, Roles.PriceOffice, Price, Decisions.Reject, "改主意", user: "li.price"));
        Assert.Equal([Technical], await h.OpenStepsAsync(id));
        Assert.Equal(202, await h.DecideAsync(id, Roles.HealthCommission, Technical, Decisions.Approve, user: "wang.health"));

        Assert.Equal("Trial", (await h.ProgressAsync(id)).Phase);
        var decisions = (await h.Store.RowsAsync(id, CancellationToken.None)).Where(r => r.RowKey.StartsWith("decision-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["li.price", "wang.health"], decisions.Select(d => d.GetString("Official")).Order(StringComparer.Ordinal));
        var audit = await h.Audit.ForInstanceAsync(id, CancellationToken.None);
        Assert.Equal(2, audit.Count(a => a.GetString("Action") == "newitem.decision"));
    }

    /// <summary>
    /// The first attempt recorded the decision and was lost before its audit entry and event (the chaos run's
    /// killed host): the official's retry, told "already recorded", writes the one audit entry and moves the workflow on.
    /// </summary>
    [Fact]
    public async Task A_retry_after_a_lost_answer_writes_the_missing_audit_entry_once_and_moves_the_workflow_on()
    {
        var h = await NewItemHarness.StartAsync(fixture.Azurite, Monday, TenAm);
        var id = await h.SubmitAsync(NewItemHarness.Form(NewItemHarness.NewHospital(), "无创肝纤维化弹性测定", price: 300m, volume: 200));
        var wait = (await h.ProgressAsync(id)).OpenWaits.Single();
        var official = $"{Roles.HealthCommission}.official";
        Assert.Null(await h.Store.TryRecordDecisionAsync(id, new DecisionMade(wait.WaitId, Technical, Decisions.Approve, official, Roles.HealthCommission, null, null, h.Time.GetUtcNow()), CancellationToken.None));
        Assert.Equal([Technical], await h.OpenStepsAsync(id));

        Assert.Equal(200, await h.DecideAsync(id, Roles.HealthCommission, Technical, Decisions.Approve));
        Assert.Equal([Price], await h.OpenStepsAsync(id));
        Assert.Equal(200, await h.DecideAsync(id, Roles.HealthCommission, Technical, Decisions.Approve, waitId: wait.WaitId));
        Assert.Equal(409, await h.DecideAsync(id, Roles.HealthCommission, Technical, Decisions.Approve, user: "another.official", waitId: wait.WaitId));

        var audit = await h.Audit.ForInstanceAsync(id, CancellationToken.None);
        var decided = Assert.Single(audit, a => a.GetString("Action") == "newitem.decision");
        Assert.Equal(official, decided.GetString("User"));
        Assert.StartsWith(wait.WaitId, decided.GetString("Details"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_green_price_official_may_ask_for_the_expert_panel_once()
    {
        var h = await NewItemHarness.StartAsync(fixture.Azurite, Monday, TenAm);
        var hospital = NewItemHarness.NewHospital();
        await h.Store.SavePositionAsync(new MarketRegulatedPosition(new(hospital), 500, 10, new(50_000_000m), new(500_000m)), CancellationToken.None);
        var id = await h.SubmitAsync(NewItemHarness.Form(hospital, "肿瘤电场治疗", price: 800m, volume: 50, innovation: true));
        Assert.Equal([nameof(ReviewStepKind.InnovationConfirmation)], await h.OpenStepsAsync(id));
        Assert.Equal(202, await h.DecideAsync(id, Roles.HealthCommission, nameof(ReviewStepKind.InnovationConfirmation), Decisions.Approve));
        Assert.Equal([Price, Technical], await h.OpenStepsAsync(id));

        Assert.Equal(202, await h.DecideAsync(id, Roles.PriceOffice, Price, Decisions.RequestExpert));
        Assert.Equal(202, await h.DecideAsync(id, Roles.HealthCommission, Technical, Decisions.Approve));
        Assert.Equal([Expert], await h.OpenStepsAsync(id));
        Assert.Equal(202, await h.DecideAsync(id, Roles.ExpertPanel, Expert, Decisions.Approve));
        Assert.Equal([Price], await h.OpenStepsAsync(id));
        Assert.Equal(400, await h.DecideAsync(id, Roles.PriceOffice, Price, Decisions.RequestExpert));
        Assert.Equal(202, await h.DecideAsync(id, Roles.PriceOffice, Price, Decisions.Approve));
        Assert.Equal("Trial", (await h.ProgressAsync(id)).Phase);
    }

    [Fact]
    public async Task A_returned_application_waits_for_the_resubmission_then_is_reviewed_again_or_lapses()
    {
        var h = await NewItemHarness.StartAsync(fixture.Azurite, Monday, TenAm);
        var hospital = NewItemHarness.NewHospital();
        var form = NewItemHarness.Form(hospital, "经皮肾镜碎石取石术（可视化）", price: 600m, volume: 100);
        var id = await h.SubmitAsync(form);
        Assert.Equal(400, await h.DecideAsync(id, Roles.HealthCommission, Technical, Decisions.Return));
        Assert.Equal(202, await h.DecideAsync(id, Roles.HealthCommission, Technical, Decisions.Return, "请补充临床证据"));
        Assert.Equal([Decisions.ResubmissionStep], await h.OpenStepsAsync(id));

        Assert.Equal(403, await h.ResubmitAsync(id, form, NewItemHarness.NewHospital()));
        Assert.Equal(400, await h.ResubmitAsync(id, form with { Description = " " }, hospital));
        Assert.Equal(202, await h.ResubmitAsync(id, form with { Description = "补充了多中心临床数据" }, hospital));
        Assert.Equal([Technical], await h.OpenStepsAsync(id));
        Assert.Equal(200, await h.ResubmitAsync(id, form with { Description = "补充了多中心临床数据" }, hospital));
        Assert.Equal([Technical], await h.OpenStepsAsync(id));
        Assert.Equal("补充了多中心临床数据", (await h.Store.GetApplicationAsync(id, CancellationToken.None))!.Value.Form.Description);

        // Returned again, and this time the hospital lets the 20 working days pass: the application lapses.
        Assert.Equal(202, await h.DecideAsync(id, Roles.HealthCommission, Technical, Decisions.Return, "仍缺成本测算"));
        var due = (await h.ProgressAsync(id)).OpenWaits.Single().DueDate;
        Assert.Equal(new DateOnly(2027, 3, 29), due);
        await h.AtChinaTimeAsync(due, new TimeOnly(23, 59));
        Assert.Null(await h.OutcomeAsync(id));
        await h.AtChinaTimeAsync(due.AddDays(1), new TimeOnly(0, 0));
        Assert.Equal("Lapsed", (await h.OutcomeAsync(id))!.Outcome);
        Assert.Equal(409, await h.ResubmitAsync(id, form, hospital));
        Assert.Single(await h.Audit.ForInstanceAsync(id, CancellationToken.None), a => a.GetString("Action") == "newitem.resubmit");
    }

    [Fact]
    public async Task Reminder_and_escalation_fire_on_the_right_working_day_across_a_holiday_and_then_the_office_head_may_decide()
    {
        // Monday 13 September 2027; Wednesday 15 September is the Mid-Autumn Festival.
        var start = new DateOnly(2027, 9, 13);
        var h = await NewItemHarness.StartAsync(fixture.Azurite, start, TenAm);
        var hospital = NewItemHarness.NewHospital();
        await h.Store.SavePositionAsync(new MarketRegulatedPosition(new(hospital), 500, 10, new(50_000_000m), new(500_000m)), CancellationToken.None);
        var id = await h.SubmitAsync(NewItemHarness.Form(hospital, "儿童先天性心脏病介入封堵术", price: 900m, volume: 30, regionalCentre: true));
        Assert.Equal(202, await h.DecideAsync(id, Roles.PriceOffice, Price, Decisions.Approve));

        // 10 working days, the holiday skipped: reminder after 5 (Tue 21 Sep 09:00), due Tue 28 Sep.
        Assert.Equal(new DateOnly(2027, 9, 28), (await h.ProgressAsync(id)).OpenWaits.Single().DueDate);
        await h.AtChinaTimeAsync(new DateOnly(2027, 9, 21), new TimeOnly(8, 59));
        Assert.Empty(await h.NotificationsAsync(id));
        await h.AtChinaTimeAsync(new DateOnly(2027, 9, 21), new TimeOnly(9, 0));
        Assert.Equal([("reminder", Roles.HealthCommission)], (await h.NotificationsAsync(id)).Select(n => (n.Kind, n.Recipient)));

        Assert.Equal(403, await h.DecideAsync(id, Roles.OfficeHead, Technical, Decisions.Approve));
        await h.AtChinaTimeAsync(new DateOnly(2027, 9, 28), new TimeOnly(23, 59));
        Assert.Single(await h.NotificationsAsync(id));
        await h.AtChinaTimeAsync(new DateOnly(2027, 9, 29), new TimeOnly(0, 0));
        var notes = await h.NotificationsAsync(id);
        Assert.Equal([("reminder", Roles.HealthCommission), ("escalation", Roles.OfficeHead)], notes.Select(n => (n.Kind, n.Recipient)));
        Assert.Equal(ChinaUtc(new DateOnly(2027, 9, 29), TimeOnly.MinValue), notes[1].CreatedAt);
        Assert.True((await h.ProgressAsync(id)).OpenWaits.Single().Escalated);

        // Running the due work again sends nothing twice.
        await h.SettleAsync();
        Assert.Equal(2, (await h.NotificationsAsync(id)).Count);
        Assert.Equal(202, await h.DecideAsync(id, Roles.OfficeHead, Technical, Decisions.Approve, "督办后同意", user: "zhao.head"));
        Assert.Equal("Trial", (await h.ProgressAsync(id)).Phase);
    }

    [Fact]
    public async Task An_approval_that_breaks_the_ten_percent_limit_is_held_for_the_price_official_and_the_trial_extends_once()
    {
        var h = await NewItemHarness.StartAsync(fixture.Azurite, Monday, TenAm);
        var hospital = NewItemHarness.NewHospital();

        // 10 of 100 items are market-regulated: one more makes 11 of 101 = 10.9 % > 10 %.
        await h.Store.SavePositionAsync(new MarketRegulatedPosition(new(hospital), 100, 10, new(10_000_000m), new(100_000m)), CancellationToken.None);
        var id = await h.SubmitAsync(NewItemHarness.Form(hospital, "脑深部电刺激程控", price: 400m, volume: 100, regionalCentre: true));
        Assert.Equal(202, await h.DecideAsync(id, Roles.PriceOffice, Price, Decisions.Approve));
        Assert.Equal(202, await h.DecideAsync(id, Roles.HealthCommission, Technical, Decisions.Approve));
        Assert.Equal([nameof(ReviewStepKind.MarketLimitHold)], await h.OpenStepsAsync(id));
        var row = (await h.Store.GetApplicationAsync(id, CancellationToken.None))!.Value.Row;
        Assert.Contains("10.89", row.GetString("LimitCheck"), StringComparison.Ordinal);

        Assert.Equal(202, await h.DecideAsync(id, Roles.PriceOffice, nameof(ReviewStepKind.MarketLimitHold), Decisions.Approve, "区域医疗中心重点技术，予以放行"));
        Assert.Equal(Monday.AddYears(2), (await h.ProgressAsync(id)).Trial!.EndDate);

        await h.AtChinaTimeAsync(Monday.AddYears(2), new TimeOnly(9, 0));
        Assert.Equal(202, await h.DecideAsync(id, Roles.PriceOffice, nameof(ReviewStepKind.TrialEvaluation), Decisions.Extend, "样本量不足"));
        var trial = (await h.ProgressAsync(id)).Trial!;
        Assert.Equal((Monday.AddYears(3), true), (trial.EndDate, trial.Extended));
        await h.AtChinaTimeAsync(Monday.AddYears(3), new TimeOnly(9, 0));
        Assert.Equal(400, await h.DecideAsync(id, Roles.PriceOffice, nameof(ReviewStepKind.TrialEvaluation), Decisions.Extend, "再延"));
        Assert.Equal(202, await h.DecideAsync(id, Roles.PriceOffice, nameof(ReviewStepKind.TrialEvaluation), Decisions.End, "疗效不确切"));
        Assert.Equal("Ended", (await h.OutcomeAsync(id))!.Outcome);
    }

    private static DateTimeOffset ChinaUtc(DateOnly date, TimeOnly time) => Domain.Calendar.ChinaTime.ToUtc(date, time);
}

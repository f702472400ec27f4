using System.Globalization;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Domain.Calendar;
using Serverless.Domain.NewItems;
using Serverless.Domain.Reviews;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Functions.Reviews;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Tests.Reviews;

/// <summary>DOMAIN.md §4 on a fake clock: the timer, the indicator wait, scoring, campaign decisions and the report. Each test uses its own year.</summary>
public sealed class ReviewWorkflowTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private const string Complex = ReviewKinds.Complex;
    private const string General = ReviewKinds.General;
    private const string Confirm = CampaignDecisions.Confirm;
    private const string Decline = CampaignDecisions.Decline;

    private static byte[] Indicators(SheetSpec spec, params object?[][] rows)
        => WorkbookWriter.ToBytes([new SheetTable(spec.ChineseName, [.. spec.Columns.Select(c => new TableColumn(c.ChineseHeader))], rows.Select(r => (IReadOnlyList<object?>)r))]);

    [Fact]
    public async Task Firing_twice_for_the_same_year_starts_one_review_and_a_finished_review_is_not_started_again()
    {
        using var h = await ReviewHarness.StartAsync(fixture.Azurite, new DateOnly(2027, 3, 1));
        var instanceId = ReviewStart.InstanceIdFor(Complex, 2027);

        await h.FireAsync(Complex);
        var first = await h.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        var callsBefore = h.Engine.ActivityCalls.Count;
        await h.FireAsync(Complex);

        Assert.Equal(OrchestrationRuntimeStatus.Running, first!.RuntimeStatus);
        Assert.Equal([instanceId], await ReviewsAsync(h));
        // Not started again: the same instance, and no activity of a second start ran.
        Assert.Equal(first.CreatedAt, (await h.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))!.CreatedAt);
        Assert.Equal(callsBefore, h.Engine.ActivityCalls.Count);

        Assert.IsType<Ok<ReviewEndpoints.IndicatorsStored>>(await h.UploadIndicatorsAsync(2027, Complex, Indicators(IndicatorSheets.Complex, ["150100", 50m, 50m, 50m, 50m, 50m])));
        var finished = await h.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished!.RuntimeStatus);

        // A late catch-up firing after the review finished leaves it as it is.
        var callsDone = h.Engine.ActivityCalls.Count;
        await h.FireAsync(Complex, ChinaTime.ToUtc(new DateOnly(2027, 3, 2), new TimeOnly(9, 0)));
        var after = await h.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, finished.SerializedOutput, callsDone), (after!.RuntimeStatus, after.SerializedOutput, h.Engine.ActivityCalls.Count));
        Assert.Equal([instanceId], await ReviewsAsync(h));
    }

    [Fact]
    public async Task General_reviews_start_every_second_year_from_2027_counted_in_china_time()
    {
        using var h = await ReviewHarness.StartAsync(fixture.Azurite, new DateOnly(2027, 3, 1));

        await h.FireAsync(General, ChinaTime.ToUtc(new DateOnly(2027, 3, 1), new TimeOnly(9, 0)));
        await h.FireAsync(General, ChinaTime.ToUtc(new DateOnly(2028, 3, 1), new TimeOnly(9, 0)));

        // 2028-12-31 16:30 UTC is already 2029-01-01 in China: a general-review year.
        await h.FireAsync(General, new DateTimeOffset(2028, 12, 31, 16, 30, 0, TimeSpan.Zero));

        Assert.Equal([ReviewStart.InstanceIdFor(General, 2027), ReviewStart.InstanceIdFor(General, 2029)], await ReviewsAsync(h));
    }

    [Fact]
    public async Task The_review_waits_for_a_sound_indicator_workbook_then_proposes_campaigns_where_the_total_reaches_sixty()
    {
        using var h = await ReviewHarness.StartAsync(fixture.Azurite, new DateOnly(2030, 3, 1));
        await h.FireAsync(Complex);

        Assert.Equal(("Running", ReviewPhases.AwaitingIndicators), await PhaseAsync(h, 2030));
        Assert.Equal(404, await h.DecideAsync(2030, "150100", Confirm));

        AssertProblem(404, "unknown_review", await h.UploadIndicatorsAsync(2030, "special", Indicators(IndicatorSheets.Complex, ["150100", 70m, 65m, 50m, 60m, 55m])));
        var empty = Assert.IsType<BadRequest<IReadOnlyList<SheetIssue>>>(await h.UploadIndicatorsAsync(2030, Complex, Indicators(IndicatorSheets.Complex)));
        Assert.Equal(["empty"], empty.Value!.Select(i => i.Code));

        // A workbook with one bad score is refused whole, with the cell named, and nothing is kept.
        var refused = Assert.IsType<BadRequest<IReadOnlyList<SheetIssue>>>(await h.UploadIndicatorsAsync(2030, Complex, Indicators(IndicatorSheets.Complex,
            ["150100", 70m, 65m, 50m, 60m, 55m],
            ["150200", 70m, 65m, 50m, 60m, 100.5m])));
        Assert.Equal(["3:患者和医保承受能力:out_of_range"], refused.Value!.Select(i => $"{i.RowNumber}:{i.Column}:{i.Code}"));
        Assert.Null(await h.Store.IndicatorsAsync(2030, Complex, CancellationToken.None));
        Assert.Equal(("Running", ReviewPhases.AwaitingIndicators), await PhaseAsync(h, 2030));

        var stored = Assert.IsType<Ok<ReviewEndpoints.IndicatorsStored>>(await h.UploadIndicatorsAsync(2030, Complex, Indicators(IndicatorSheets.Complex,
            ["150100", 70m, 65m, 50m, 60m, 55m],
            ["150200", 70m, 65m, 50m, 60m, 54.95m],
            ["150300", 90m, 85m, 80m, 75m, 70m])));
        Assert.Equal((3, true), (stored.Value!.Leagues, stored.Value.ReviewNotified));

        // 0.2 × (70 + 65 + 50 + 60 + 55) = 60.00 triggers; with 54.95 the total is 59.99 and does not; 0.2 × 400 = 80.00.
        var view = await h.ViewAsync(2030, Complex);
        Assert.Equal(ReviewPhases.AwaitingDecisions, view!.Progress!.Phase);
        Assert.Equal(
            [new ProposedCampaign("150100", 60.00m, "campaign-2030-150100"), new ProposedCampaign("150300", 80.00m, "campaign-2030-150300")],
            view.Progress.Proposals);
        Assert.Equal(["150100", "150300"], view.Progress.Pending);
        Assert.Equal(404, await h.DecideAsync(2030, "150200", Confirm));

        // The review has scored: a new workbook would no longer match the report.
        AssertProblem(409, "indicators_already_scored", await h.UploadIndicatorsAsync(2030, Complex, Indicators(IndicatorSheets.Complex, ["150100", 1m, 1m, 1m, 1m, 1m])));
        var audit = await h.Audit.ForInstanceAsync(ReviewStart.InstanceIdFor(Complex, 2030), CancellationToken.None);
        Assert.Equal(["review.indicators"], audit.Select(a => a.GetString("Action")));
    }

    [Fact]
    public async Task Decisions_arrive_in_any_order_a_decline_ends_its_proposal_and_a_confirmed_campaign_runs_to_its_end_before_the_review_does()
    {
        using var h = await ReviewHarness.StartAsync(fixture.Azurite, new DateOnly(2032, 3, 1));
        await h.Storage.Blobs.GetBlobContainerClient(StorageNames.ScopesContainer).GetBlobClient(CampaignStore.ScopeBlob("campaign-2032-150100"))
            .UploadAsync(new BinaryData(SampleCampaign.Generate(new SampleOptions(Seed: 4, Leagues: 1, HospitalsPerLeague: 3, Items: 5)).ScopeWorkbook()));
        await h.FireAsync(Complex);
        await h.UploadIndicatorsAsync(2032, Complex, Indicators(IndicatorSheets.Complex,
            ["150100", 70m, 65m, 50m, 60m, 55m],
            ["150300", 90m, 85m, 80m, 75m, 70m],
            ["150500", 10m, 10m, 10m, 10m, 10m]));

        // The later league/city first: it is declined, and the wrong word or a change of mind is refused.
        Assert.Equal(400, await h.DecideAsync(2032, "150300", "approve"));
        Assert.Equal(202, await h.DecideAsync(2032, "150300", Decline, comment: "本年度已专项调整"));
        Assert.Equal(409, await h.DecideAsync(2032, "150300", Confirm));
        Assert.Equal(200, await h.DecideAsync(2032, "150300", Decline, user: "wang.price"));
        Assert.Equal(["150100"], (await h.ViewAsync(2032, Complex))!.Progress!.Pending);

        Assert.Equal(202, await h.DecideAsync(2032, "150100", Confirm));
        var campaign = await h.Client.GetInstanceAsync("campaign-2032-150100", getInputsAndOutputs: true);
        Assert.Equal((CampaignOrchestration.Name, OrchestrationRuntimeStatus.Running), (campaign!.Name, campaign.RuntimeStatus));
        Assert.Equal("li.price", campaign.ReadInputAs<CampaignStart>()!.StartedBy);
        Assert.Null(await h.Client.GetInstanceAsync("campaign-2032-150300", getInputsAndOutputs: true));
        var waiting = (await h.ViewAsync(2032, Complex))!;
        Assert.Equal(("Running", ReviewPhases.AwaitingCampaigns), (waiting.RuntimeStatus, waiting.Progress!.Phase));
        Assert.Equal(["campaign-2032-150100"], waiting.Progress.Running);

        // Both 15-day rounds pass without bids; the campaign finishes, and with it the review.
        await AtChinaTimeAsync(h, new DateOnly(2032, 3, 17));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await h.Client.GetInstanceAsync(ReviewStart.InstanceIdFor(Complex, 2032)))!.RuntimeStatus);
        await AtChinaTimeAsync(h, new DateOnly(2032, 4, 2));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.Client.GetInstanceAsync("campaign-2032-150100", getInputsAndOutputs: true))!.RuntimeStatus);

        var done = (await h.ViewAsync(2032, Complex))!;
        Assert.Equal("Completed", done.RuntimeStatus);
        var summary = done.Summary!;
        Assert.Equal(["150100", "150300"], summary.Triggered);
        Assert.Equal([new LaunchedCampaign("150100", "campaign-2032-150100", "li.price", "Completed", null)], summary.Confirmed);
        Assert.Equal(["150300"], summary.Declined);
        Assert.Equal("results/reviews/2032/complex-report.xlsx", summary.ReportBlob);
        Assert.Equal([("150100", Confirm, "li.price"), ("150300", Decline, "li.price")], done.Decisions.Select(d => (d.League, d.Decision, d.Official)));
        var audit = await h.Audit.ForInstanceAsync(ReviewStart.InstanceIdFor(Complex, 2032), CancellationToken.None);
        Assert.Equal(["review.campaign.confirm", "review.campaign.decline", "review.indicators"], audit.Select(a => a.GetString("Action")).Order(StringComparer.Ordinal));
        Assert.Equal(409, await h.DecideAsync(2032, "150100", Decline));
        Assert.Equal(200, await h.DecideAsync(2032, "150100", Confirm));
    }

    [Fact]
    public async Task A_campaign_id_must_be_free_and_a_campaign_that_fails_is_reported_without_failing_the_review()
    {
        // Without the campaign's activities the sub-orchestration fails at its first step.
        using var h = await ReviewHarness.StartAsync(fixture.Azurite, new DateOnly(2031, 3, 1), campaignActivities: false);
        await h.FireAsync(Complex);
        await h.UploadIndicatorsAsync(2031, Complex, Indicators(IndicatorSheets.Complex, ["150500", 61m, 61m, 61m, 61m, 61m]));

        Assert.Equal(400, await h.DecideAsync(2031, "150500", Confirm, campaignId: "通辽 2031"));
        Assert.Equal(409, await h.DecideAsync(2031, "150500", Confirm, campaignId: ReviewStart.InstanceIdFor(Complex, 2031)));
        Assert.Null(await h.Store.GetDecisionAsync(ReviewStart.InstanceIdFor(Complex, 2031), "150500", CancellationToken.None));
        Assert.Equal(202, await h.DecideAsync(2031, "150500", Confirm, campaignId: "tongliao-2031"));

        var campaign = await h.Client.GetInstanceAsync("tongliao-2031", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, campaign!.RuntimeStatus);
        var summary = (await h.ViewAsync(2031, Complex))!.Summary!;
        var launched = Assert.Single(summary.Confirmed);
        Assert.Equal(("150500", "tongliao-2031", "Failed"), (launched.League, launched.CampaignId, launched.Outcome));
        Assert.Equal(campaign.FailureDetails!.ErrorMessage, launched.Detail);
        Assert.Contains(CampaignActivities.LoadScope, launched.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_lists_trials_ending_within_ninety_days_and_hospitals_over_either_ten_percent_limit()
    {
        var reviewDate = new DateOnly(2029, 3, 1);
        using var h = await ReviewHarness.StartAsync(fixture.Azurite, reviewDate);
        var items = h.Storage.Tables.GetTableClient(StorageNames.NewItemsTable);
        async Task<string> TrialAsync(int endsInDays, string status = "Trial")
        {
            var id = $"ni-trial-{Guid.NewGuid():N}";
            await items.AddEntityAsync(new TableEntity(id, NewItemStore.ApplicationRow)
            {
                ["Hospital"] = "H001", ["ProposedName"] = $"试行项目{endsInDays}", ["Status"] = status,
                ["TrialStart"] = reviewDate.AddDays(endsInDays).AddYears(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["TrialEnd"] = reviewDate.AddDays(endsInDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            });
            return id;
        }

        var in30 = await TrialAsync(30);
        var in90 = await TrialAsync(90);
        await TrialAsync(91);
        await TrialAsync(200);
        await TrialAsync(-1);
        await TrialAsync(30, "GeneralCatalogue");
        await h.NewItems.SavePositionAsync(new MarketRegulatedPosition(new("HOVERITEMS"), 200, 21, new(10_000_000m), new(100_000m)), CancellationToken.None);
        await h.NewItems.SavePositionAsync(new MarketRegulatedPosition(new("HATLIMIT"), 200, 20, new(10_000_000m), new(1_000_000m)), CancellationToken.None);
        await h.NewItems.SavePositionAsync(new MarketRegulatedPosition(new("HOVERREVENUE"), 200, 5, new(10_000_000m), new(1_000_000.01m)), CancellationToken.None);

        await h.FireAsync(General);
        await h.UploadIndicatorsAsync(2029, General, Indicators(IndicatorSheets.General, ["150100", 90m, 60m, 60m], ["150200", 30m, 60m, 60m]));

        var summary = (await h.ViewAsync(2029, General))!.Summary!;
        Assert.Equal((General, reviewDate, 2, 2), (summary.Kind, summary.ReviewDate, summary.TrialsEnding, summary.HospitalsOverLimit));
        Assert.Equal([("150100", 70.00m, true), ("150200", 50.00m, false)], summary.Scores.Select(s => (s.League, s.Total, s.Triggered)));
        Assert.Equal(["150100"], summary.Triggered);
        Assert.Empty(summary.Confirmed);

        var report = (await h.Storage.Blobs.GetBlobContainerClient(StorageNames.ResultsContainer).GetBlobClient(ReviewStore.ReportBlob(2029, General)).DownloadContentAsync()).Value.Content.ToArray();
        var trials = ReadReport(report, ReviewWorkbooks.TrialsSheet, ("id", "申请编号"), ("end", "试行期满"), ("days", "距期满天数"));
        Assert.Equal([(in30, "2029-03-31", "30"), (in90, "2029-05-30", "90")], trials.Select(r => (r[0], r[1], r[2])));
        var overLimit = ReadReport(report, ReviewWorkbooks.OverLimitSheet, ("hospital", "机构编码"), ("items", "项目数超限"), ("revenue", "收入超限"));
        Assert.Equal([("HOVERITEMS", "是", "否"), ("HOVERREVENUE", "否", "是")], overLimit.Select(r => (r[0], r[1], r[2])));
        var scores = ReadReport(report, ReviewWorkbooks.ScoresSheet, ("league", "盟市编码"), ("total", "综合得分"), ("triggered", "是否触发"));
        Assert.Equal([("150100", "70", "是"), ("150200", "50", "否")], scores.Select(r => (r[0], r[1], r[2])));
    }

    private static async Task<IReadOnlyList<string>> ReviewsAsync(ReviewHarness h)
    {
        var ids = new List<string>();
        await foreach (var instance in h.Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            if (instance.Name == ReviewOrchestration.Name)
            {
                ids.Add(instance.InstanceId);
            }
        }

        return [.. ids.Order(StringComparer.Ordinal)];
    }

    private static async Task<(string Status, string? Phase)> PhaseAsync(ReviewHarness h, int year)
    {
        var view = await h.ViewAsync(year, Complex);
        return (view!.RuntimeStatus, view.Progress?.Phase);
    }

    private static async Task AtChinaTimeAsync(ReviewHarness h, DateOnly date)
    {
        await h.Engine.AdvanceToAsync(ChinaTime.ToUtc(date, new TimeOnly(9, 0)));
    }

    /// <summary>A report sheet's rows, as the cells of the named columns.</summary>
    private static List<string?[]> ReadReport(byte[] report, string sheet, params (string Key, string Header)[] columns)
    {
        var spec = new SheetSpec(sheet, sheet, [.. columns.Select(c => new ColumnSpec(c.Key, c.Header, c.Key, true))]);
        var read = new WorkbookReader().ReadSheet(new MemoryStream(report), "report.xlsx", spec);
        Assert.Empty(read.Issues);
        return [.. read.Sheet!.Rows.Select(r => r.Cells.ToArray())];
    }

    /// <summary>A refusal the console can label: ProblemDetails with its status and code.</summary>
    private static void AssertProblem(int status, string code, IResult result)
    {
        var problem = Assert.IsType<ProblemHttpResult>(result is INestedHttpResult nested ? nested.Result : result);
        Assert.Equal((status, code), (problem.StatusCode, problem.ProblemDetails.Extensions["code"] as string));
    }
}

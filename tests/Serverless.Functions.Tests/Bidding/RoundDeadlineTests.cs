using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using Serverless.Functions.Bidding;
using Serverless.Functions.Tests.Durable;

namespace Serverless.Functions.Tests.Bidding;

/// <summary>
/// A round's deadline on the campaign orchestration itself, its activities stubbed, on a fake clock: lateness is
/// judged by when storage wrote a workbook, so one uploaded on time but delivered after the deadline is still taken
/// within the delivery grace, and one uploaded after the deadline is refused as late.
/// </summary>
public sealed class RoundDeadlineTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(100);

    private sealed class Campaign
    {
        public required ScriptedDurableEngine Engine { get; init; }

        public required FakeTimeProvider Time { get; init; }

        public ConcurrentQueue<BidSubmitted> Validated { get; } = new();

        public ConcurrentQueue<RefusalWork> Refused { get; } = new();

        public ConcurrentQueue<RoundState> Closed { get; } = new();

        public ConcurrentQueue<RoundState> Opened { get; } = new();

        public DurableTaskClient Client => Engine.Client;

        public async Task BidAsync(string hospital, int round, DateTimeOffset uploadedAt)
        {
            await Client.RaiseEventAsync("c1", CampaignOrchestration.BidSubmittedEvent, new BidSubmitted(hospital, round, $"c1/round-{round}/{hospital}/{uploadedAt.Ticks}.xlsx", uploadedAt));
            await Engine.SettleAsync();
        }

        public async Task<CampaignProgress> ProgressAsync()
            => (await Client.GetInstanceAsync("c1", getInputsAndOutputs: true))!.ReadCustomStatusAs<CampaignProgress>()!;
    }

    private static async Task<Campaign> StartAsync(long graceSeconds)
    {
        var registry = new DurableTaskRegistry();
        var time = new FakeTimeProvider(Start);
        var campaign = new Campaign { Engine = new ScriptedDurableEngine(registry, time), Time = time };
        CampaignOrchestration.Register(registry);
        registry
            .AddActivityFunc<string, ScopeSummary>(CampaignActivities.LoadScope, (_, _) =>
                new ScopeSummary(true, 0, null, ["H1", "H2", "H3"], ["L1"], 1000m, (long)Window.TotalSeconds, graceSeconds))
            .AddActivityFunc<RoundState, bool>(CampaignActivities.OpenRound, (_, state) => { campaign.Opened.Enqueue(state); return true; })
            .AddActivityFunc<RoundState, bool>(CampaignActivities.CloseRound, (_, state) => { campaign.Closed.Enqueue(state); return true; })
            .AddActivityFunc<ValidationWork, SubmissionValidated>(CampaignActivities.ValidateSubmission, (_, work) =>
            {
                campaign.Validated.Enqueue(work.Submission);
                return new SubmissionValidated(work.Submission.Hospital, work.Submission.Round, false, 3, 0, "report.xlsx", null);
            })
            .AddActivityFunc<RefusalWork, bool>(CampaignActivities.RefuseSubmission, (_, work) => { campaign.Refused.Enqueue(work); return true; })
            .AddActivityFunc<string, int>(CampaignActivities.RoundOneFeedback, (_, _) => 0);
        await campaign.Client.ScheduleNewOrchestrationInstanceAsync(CampaignOrchestration.Name, new CampaignStart("c1"), new StartOrchestrationOptions("c1"));
        await campaign.Engine.SettleAsync();
        return campaign;
    }

    [Fact]
    public async Task A_workbook_uploaded_by_the_deadline_but_delivered_after_it_counts_within_the_grace_and_one_uploaded_after_it_is_refused_as_late()
    {
        var campaign = await StartAsync(graceSeconds: 60);
        var deadline = Start + Window;
        Assert.Equal(deadline.UtcDateTime, Assert.Single(campaign.Opened).DeadlineUtc);
        await campaign.BidAsync("H1", 1, Start.AddSeconds(10));

        await campaign.Engine.AdvanceToAsync(deadline.AddSeconds(1));
        Assert.Empty(campaign.Closed);
        await campaign.BidAsync("H2", 1, deadline);
        await campaign.BidAsync("H3", 1, deadline.AddSeconds(1));
        await campaign.Client.RaiseEventAsync("c1", CampaignOrchestration.RoundExtendedEvent, new RoundExtension(1, 3600, "li.price"));
        await campaign.Engine.SettleAsync();

        Assert.Equal(["H1", "H2"], campaign.Validated.Select(b => b.Hospital));
        var late = Assert.Single(campaign.Refused);
        Assert.Equal("H3", late.Submission.Hospital);
        Assert.Equal("上传于 2027-03-01 09:01:41（北京时间），晚于第 1 轮截止时间 2027-03-01 09:01:40（北京时间），逾期上传不予受理，原文件已存档", late.ReasonZh);
        Assert.Equal((1, 2, 6), ((await campaign.ProgressAsync()).Round, (await campaign.ProgressAsync()).Submitted, (await campaign.ProgressAsync()).ValidRows));

        // The extension came after the deadline: ignored, so the round ends when the grace is over.
        await campaign.Engine.AdvanceToAsync(deadline.AddSeconds(59));
        Assert.Empty(campaign.Closed);
        await campaign.Engine.AdvanceToAsync(deadline.AddSeconds(60));
        var closed = Assert.Single(campaign.Closed);
        Assert.Equal((1, deadline.UtcDateTime, false), (closed.Round, closed.DeadlineUtc, closed.Extended));
        var progress = await campaign.ProgressAsync();
        Assert.Equal((2, 2), (progress.Round, progress.Rounds[0].Submitted));
        Assert.Equal([1, 2], campaign.Opened.Select(s => s.Round));
    }

    [Fact]
    public async Task Without_a_grace_the_round_ends_at_its_deadline_and_a_workbook_delivered_after_it_is_refused_for_the_closed_round()
    {
        var campaign = await StartAsync(graceSeconds: 0);
        var deadline = Start + Window;
        await campaign.Engine.AdvanceToAsync(deadline);
        Assert.Equal(1, Assert.Single(campaign.Closed).Round);

        await campaign.BidAsync("H2", 1, deadline.AddSeconds(-5));
        Assert.Empty(campaign.Validated);
        Assert.Equal(("H2", "第 1 轮已截止，当前为第 2 轮"), Assert.Single(campaign.Refused) is var refused ? (refused.Submission.Hospital, refused.ReasonZh) : default);
    }

    [Fact]
    public async Task Every_invited_hospital_submitting_by_the_deadline_ends_the_round_without_waiting_for_the_grace()
    {
        var campaign = await StartAsync(graceSeconds: 600);
        await campaign.Engine.AdvanceToAsync(Start + Window + TimeSpan.FromSeconds(5));
        foreach (var hospital in new[] { "H1", "H2", "H3" })
        {
            await campaign.BidAsync(hospital, 1, Start.AddSeconds(50));
        }

        Assert.Equal(1, Assert.Single(campaign.Closed).Round);
        Assert.Equal(3, (await campaign.ProgressAsync()).Rounds[0].Submitted);
    }
}

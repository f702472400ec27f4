using System.Net.Http.Json;
using Serverless.Domain.Bidding;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.Bidding;

/// <summary>Issue 20's API for the console, read over HTTP from one completed campaign.</summary>
public sealed class CampaignApiTests(CompletedCampaign campaign) : IClassFixture<CompletedCampaign>
{
    [Fact]
    public void Each_rounds_totals_survive_the_next_phase_and_completion()
    {
        var invited = campaign.Bidders.Count;
        RoundProgress Expected(int round, IReadOnlyList<BidWorkbookResult> results)
            => new(round, default, false, invited, results.Count(r => !r.IsRejected), results.Sum(r => r.ValidRowCount), results.Sum(r => r.RejectedRowCount), results.Count(r => r.IsRejected));
        var roundOne = Expected(1, campaign.RoundOne);
        var roundTwo = Expected(2, campaign.RoundTwo);

        var inRoundTwo = campaign.InRoundTwo.Progress!;
        Assert.Equal([1, 2], inRoundTwo.Rounds.Select(r => r.Round));
        Assert.Equal(roundOne, inRoundTwo.Rounds[0] with { DeadlineUtc = default });

        var completed = campaign.Completed.Progress!;
        Assert.Equal("Completed", completed.Phase);
        Assert.Equal([roundOne, roundTwo], completed.Rounds.Select(r => r with { DeadlineUtc = default }));
        Assert.Equal((2, invited, roundTwo.Submitted, roundTwo.ValidRows, roundTwo.RejectedRows),
            (completed.Round, completed.Invited, completed.Submitted, completed.ValidRows, completed.RejectedRows));
        Assert.True(completed.Rounds[1].DeadlineUtc > completed.Rounds[0].DeadlineUtc);
        Assert.Equal(completed.Rounds, campaign.Completed.Summary!.Rounds);
    }

    [Fact]
    public void The_summary_carries_the_regional_saving_and_used_by_rises()
    {
        var summary = campaign.Completed.Summary!;

        Assert.Equal(campaign.Expected.TotalSaving.RoundToFen().Value, summary.RegionalSaving);
        Assert.Equal(campaign.Expected.TotalUsedByRises.RoundToFen().Value, summary.RegionalUsedByRises);
        Assert.Equal(summary.RegionalNet, summary.RegionalUsedByRises - summary.RegionalSaving);
    }

    [Fact]
    public async Task A_hospital_sees_each_rounds_deadline_but_none_of_the_counts()
    {
        using var http = campaign.Client(Roles.Hospital, campaign.Bidders[0].Value);

        var status = await http.GetFromJsonAsync<CampaignStatus>($"/api/campaigns/{campaign.CampaignId}", Workflows.Json);

        Assert.Null(status!.Summary);
        Assert.Equal(campaign.Completed.Progress!.Rounds.Select(r => r.DeadlineUtc), status.Progress!.Rounds.Select(r => r.DeadlineUtc));
        Assert.All(status.Progress.Rounds, r => Assert.Equal((0, 0, 0, 0, 0), (r.Invited, r.Submitted, r.ValidRows, r.RejectedRows, r.RejectedFiles)));
    }
}

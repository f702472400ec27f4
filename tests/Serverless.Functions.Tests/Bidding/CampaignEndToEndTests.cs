using System.Net;
using System.Net.Http.Json;
using Serverless.Azurite;
using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Functions.Tests.Bidding;

/// <summary>
/// Issue 5's proof: a whole campaign through the local trigger host against Azurite — real xlsx uploads to blob,
/// round windows of seconds — compared with the domain library computing directly on the same workbooks.
/// </summary>
public sealed class CampaignEndToEndTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private static readonly SheetSpec GuidePriceSheet = new("指导价格", "guide_prices",
    [
        new("item_code", "项目编码", "item_code", true),
        new("t3", "三级价格", "t3", true),
        new("t2", "二级价格", "t2", true),
        new("t1", "一级价格", "t1", true),
        new("decision", "结果", "decision", true),
    ]);

    [Fact]
    public async Task Campaign_adopts_the_prices_the_domain_computes_and_refuses_late_and_broken_uploads()
    {
        var hub = UniqueNames.Unique("hub");
        await using var app = await ServerlessApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--{AppSettings.StorageConnection}", fixture.Azurite.ConnectionString,
            $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", TestApps.LedgerKey,
            $"--{AppSettings.TaskHub}", hub,
            $"--{AppSettings.UploadScanInterval}", "200",
            $"--{Serverless.Functions.Bidding.BiddingOptions.DeliveryGraceSetting}", "5",
            "--Logging:LogLevel:Default", "Warning",
            .. TestTokens.AppArguments,
        ]);
        await app.StartAsync();
        using var http = TestTokens.Client(new Uri(app.Urls.First()), Roles.PriceOffice);

        await RunAndVerifyCampaignAsync(http, hub, _ => Task.CompletedTask);
        await app.StopAsync();
    }

    [Fact]
    public async Task Campaign_gives_the_same_results_when_its_host_is_killed_twice_during_round_two()
    {
        var hub = UniqueNames.Unique("hub");
        using var host = new HostProcess(fixture.Azurite.ConnectionString, hub);
        await host.StartAsync();
        using var http = TestTokens.Client(host.BaseAddress, Roles.PriceOffice);

        await RunAndVerifyCampaignAsync(http, hub, async _ =>
        {
            host.Kill();
            await host.StartAsync();
        });
    }

    /// <summary>
    /// Runs a 3 × 10 × 50 campaign through HTTP and blob uploads — with a broken upload, a re-upload and a late
    /// upload — calling <paramref name="duringRoundTwo"/> twice while round-2 workbooks arrive, then checks every
    /// published price against the domain library run directly on the same workbooks.
    /// </summary>
    private async Task RunAndVerifyCampaignAsync(HttpClient http, string hub, Func<int, Task> duringRoundTwo)
    {
        var campaignId = UniqueNames.Unique("camp");
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 11, Leagues: 3, HospitalsPerLeague: 10, Items: 50, BadRowShare: 0.08));
        var storage = StorageClients.FromConnectionString(fixture.Azurite.ConnectionString, hub);
        var store = new CampaignStore(storage);
        var bids = storage.Blobs.GetBlobContainerClient(StorageNames.BidsContainer);
        var bidders = sample.Bidders.Select(h => h.Code).ToList();
        var uploaded = new Dictionary<(int Round, HospitalCode Hospital), byte[]>();

        async Task UploadAsync(int round, HospitalCode hospital, byte[] content, bool counts = true)
        {
            await bids.GetBlobClient(CampaignStore.UploadBlob(campaignId, round, hospital.Value)).UploadAsync(new BinaryData(content), overwrite: true);
            if (counts)
            {
                uploaded[(round, hospital)] = content;
            }
        }

        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync($"/api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaignId, 120))).StatusCode);
        await CampaignApiTests.AssertProblemAsync(await http.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaignId, 120)), 409, "campaign_exists");
        await WaitForAsync(http, campaignId, s => s.Progress?.Phase == "Round1");

        // A broken file first, then the good one: the last upload wins and the broken one stays archived.
        await UploadAsync(1, bidders[0], "not a workbook"u8.ToArray(), counts: false);
        await UploadAsync(1, bidders[1], sample.BidWorkbook(bidders[2], 1), counts: false);
        await WaitForAsync(http, campaignId, s => s.Progress?.RejectedFiles >= 1);
        foreach (var hospital in bidders)
        {
            await UploadAsync(1, hospital, sample.BidWorkbook(hospital, 1));
        }

        await WaitForAsync(http, campaignId, s => s.Progress?.Phase == "Round2");
        // Other bytes than its round-1 upload: the very same bytes again are "already handled" and get no report of their own.
        await UploadAsync(1, bidders[3], sample.BidWorkbook(bidders[3], 2), counts: false);
        var half = bidders.Count / 2;
        for (var i = 0; i < bidders.Count; i++)
        {
            if (i == half / 2 || i == half + (half / 2))
            {
                await duringRoundTwo(i);
            }

            await UploadAsync(2, bidders[i], sample.BidWorkbook(bidders[i], 2));
        }

        var status = await WaitForAsync(http, campaignId, s => s.RuntimeStatus == "Completed");

        // The same workbooks through the domain library directly.
        var reader = new WorkbookReader();
        BidWorkbookResult Judge(int round, HospitalCode hospital, IReadOnlyDictionary<ItemCode, Proposal>? first)
        {
            var read = reader.ReadSheet(new MemoryStream(uploaded[(round, hospital)]), $"{hospital.Value}.xlsx", WorkbookSchemas.Bids);
            return BidValidator.Validate(sample.Catalog, hospital, round, $"{hospital.Value}.xlsx", read.Sheet, read.Issues, first);
        }

        var roundOne = bidders.Select(h => Judge(1, h, null)).ToList();
        var roundTwo = roundOne.Select(r => Judge(2, r.Hospital, r.Accepted.ToDictionary(p => p.Item))).ToList();
        var expected = PriceAdoption.Adopt(sample.Catalog, FinalProposals.Merge(roundOne, roundTwo));

        var summary = status.Summary!;
        foreach (var league in expected.Leagues)
        {
            var actual = summary.Leagues.Single(l => l.League == league.League.Value);
            Assert.Equal(league.AdoptedCount, actual.Adopted);
            Assert.Equal(league.SkippedCount, actual.Skipped);
            Assert.Equal(league.Saving.RoundToFen().Value, actual.Saving);
            Assert.Equal(league.UsedByRises.RoundToFen().Value, actual.UsedByRises);

            var file = await http.GetByteArrayAsync($"/api/campaigns/{campaignId}/results/guide-prices-{league.League.Value}.xlsx");
            var published = reader.ReadSheet(new MemoryStream(file), "guide.xlsx", GuidePriceSheet).Sheet!;
            Assert.Equal(
                league.Rows.Select(r => $"{r.Item.Value} {r.Tier3Price} {r.Tier2Price} {r.Tier1Price} {(r.Decision == AdoptionDecision.Adopted ? "采纳" : "未采纳")}"),
                published.Rows.Select(r => string.Join(' ', r.Cells.Select(c => c is null ? string.Empty : decimal.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : c))));
            // Its items as JSON were written beside the workbook, once, for the results page to read.
            Assert.Equal(league.Rows.Select(GuidePriceView.From), await store.LoadLeagueResultsAsync(campaignId, 2, league.League.Value, CancellationToken.None));
        }

        // The broken and the late uploads were refused with a report, and every upload was archived.
        var reports = await store.ListAsync(StorageNames.ReportsContainer, $"{campaignId}/", CancellationToken.None);
        Assert.Contains(reports, r => r.Name.StartsWith($"{campaignId}/round-1/{bidders[3].Value}/refused-", StringComparison.Ordinal));
        var archived = await store.ListAsync(StorageNames.ArchiveContainer, $"{campaignId}/round-1/{bidders[0].Value}/", CancellationToken.None);
        Assert.Equal(2, archived.Count);
        var submissions = await http.GetFromJsonAsync<List<SubmissionView>>($"/api/campaigns/{campaignId}/hospitals/{bidders[1].Value}/submissions", Workflows.Json);
        Assert.Equal(2, submissions!.Count);
        Assert.All(submissions, s => Assert.False(s.Rejected));
    }

    /// <summary>Polls the campaign's status until <paramref name="done"/> holds (3 minutes at most); a failed campaign fails the test.</summary>
    internal static async Task<CampaignStatus> WaitForAsync(HttpClient http, string campaignId, Func<CampaignStatus, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            var status = await http.GetFromJsonAsync<CampaignStatus>($"/api/campaigns/{campaignId}", Workflows.Json, timeout.Token);
            Assert.NotNull(status);
            Assert.True(status.RuntimeStatus is not ("Failed" or "Terminated"), status.Failure);
            if (done(status))
            {
                return status;
            }

            await Task.Delay(200, timeout.Token);
        }
    }
}

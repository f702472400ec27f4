using System.Diagnostics;
using System.Net.Http.Json;
using Serverless.Azurite;
using Serverless.Domain.Bidding;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;
using Xunit.Abstractions;

namespace Serverless.Functions.Tests.Bidding;

/// <summary>
/// A league/city's results at the demo's size (12 leagues/cities × 80 hospitals × 300 items): its 80 hospitals' workbooks
/// of both rounds judged and stored as the campaign stores them, every other hospital's submission rows beside them, both
/// rounds closed. The answer is the domain's ranking whether ranked on request or read from its blob; the request times
/// are printed for the report, not asserted.
/// </summary>
public sealed class LeagueResultsAtDemoSizeTests(AzuriteFixture fixture, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_demo_size_league_is_ranked_once_and_then_read_from_its_blob_with_the_same_answer()
    {
        var hub = UniqueNames.Unique("hub");
        var campaignId = UniqueNames.Unique("demo");
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 2027, Leagues: 12, HospitalsPerLeague: 80, Items: 300));
        var storage = StorageClients.FromConnectionString(fixture.Azurite.ConnectionString, hub);
        await new StorageProvisioner(storage).EnsureAsync(CancellationToken.None);
        var store = new CampaignStore(storage);
        var league = sample.Scope.Leagues[0].Code;
        var reader = new WorkbookReader();
        await store.UploadAsync(StorageNames.ScopesContainer, CampaignStore.ScopeBlob(campaignId), sample.ScopeWorkbook(), CancellationToken.None);

        var judged = new List<BidWorkbookResult>();
        await Parallel.ForEachAsync(sample.Bidders, new ParallelOptions { MaxDegreeOfParallelism = CampaignStore.StorageParallelism }, async (hospital, ct) =>
        {
            BidWorkbookResult? first = null;
            foreach (var round in (int[])[1, 2])
            {
                var submitted = new BidSubmitted(hospital.Code.Value, round, $"{campaignId}/round-{round}/{hospital.Code.Value}/v.xlsx", DateTimeOffset.UnixEpoch);
                var resultBlob = $"{CampaignStore.ReportFolder(campaignId, round, hospital.Code.Value)}/v.json";
                if (hospital.League == league)
                {
                    var sheet = BidSheets.Read(reader, sample.BidWorkbook(hospital.Code, round), hospital.Code, round);
                    var result = BidValidator.Validate(sample.Catalog, sheet.Hospital, round, sheet.FileName, sheet.Sheet, sheet.Issues, round == 2 ? FinalProposals.RoundTwoBasis(first) : null);
                    first = result;
                    lock (judged)
                    {
                        judged.Add(result);
                    }

                    await store.SaveResultAsync(resultBlob, result, ct);
                }

                await store.SaveSubmissionAsync(campaignId, submitted, new SubmissionValidated(hospital.Code.Value, round, false, 300, 0, "r.xlsx", null), resultBlob, ct);
            }
        });
        foreach (var round in (int[])[1, 2])
        {
            await store.SaveRoundAsync(new RoundState(campaignId, round, DateTime.UnixEpoch, IsOpen: false, Extended: false), CancellationToken.None);
        }

        var expected = PriceAdoption.Adopt(sample.Catalog, FinalProposals.Merge([.. judged.Where(r => r.Round == 1)], [.. judged.Where(r => r.Round == 2)]))
            .Leagues.Single(l => l.League == league).Rows.Select(GuidePriceView.From).ToList();

        await using var app = await ServerlessApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--{AppSettings.StorageConnection}", fixture.Azurite.ConnectionString,
            $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", TestApps.LedgerKey,
            $"--{AppSettings.TaskHub}", hub,
            "--Logging:LogLevel:Default", "Warning",
            .. TestTokens.AppArguments,
        ]);
        await app.StartAsync();
        using var http = TestTokens.Client(new Uri(app.Urls.First()), Roles.PriceOffice);
        var url = $"/api/campaigns/{campaignId}/results/leagues/{league.Value}?pageSize=500";
        var blob = store.Container(StorageNames.WorkContainer).GetBlobClient(CampaignStore.LeagueResultsBlob(campaignId, 2, league.Value));
        async Task<(double Milliseconds, IReadOnlyList<GuidePriceView> Items)> AskAsync()
        {
            var clock = Stopwatch.StartNew();
            var answer = await http.GetFromJsonAsync<LeagueResults>(url, Workflows.Json);
            return (clock.Elapsed.TotalMilliseconds, answer!.Items.Items);
        }

        // The first request also reads the scope (cached per process after it): not counted.
        var warm = await AskAsync();
        Assert.Equal(expected, warm.Items);
        var ranked = new List<double>();
        var read = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            await blob.DeleteAsync();
            var computed = await AskAsync();
            Assert.Equal(expected, computed.Items);
            ranked.Add(computed.Milliseconds);
            for (var j = 0; j < 3; j++)
            {
                var stored = await AskAsync();
                Assert.Equal(expected, stored.Items);
                read.Add(stored.Milliseconds);
            }
        }

        static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
        output.WriteLine($"12 × 80 × 300, league/city {league.Value}: {expected.Count} items from {judged.Count} workbooks ({sample.Bidders.Count() * 2} submission rows): "
            + $"first request {warm.Milliseconds:F0} ms (scope read); ranked on request and written, median of {ranked.Count} {Median(ranked):F1} ms "
            + $"(min {ranked.Min():F1}, max {ranked.Max():F1}); read from the blob, median of {read.Count} {Median(read):F1} ms (min {read.Min():F1}, max {read.Max():F1})");
        await app.StopAsync();
    }
}

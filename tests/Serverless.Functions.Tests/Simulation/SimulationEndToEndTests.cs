using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Azurite;
using Serverless.Functions.Tests.Bidding;
using Serverless.Domain.Bidding;
using Serverless.Domain.Simulation;
using Serverless.Domain.Tabular;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Functions.Simulation;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Functions.Tests.Simulation;

/// <summary>
/// Issue 21's what-if proof over HTTP on Azurite: a sample campaign completes; a simulation with the campaign's own
/// parameters reproduces its published results exactly, replaced, rejected and missing workbooks included (each league/city's summary line and every guide-price row);
/// a run with one league/city's growth cut changes only that league/city; runs are idempotent by id, refused with
/// their ProblemDetails codes, the price office's only, and write nothing outside the simulations container.
/// </summary>
public sealed class SimulationEndToEndTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private static readonly SheetSpec GuidePriceSheet = new("指导价格", "guide_prices",
    [
        new("rank", "排名", "rank", true),
        new("item_code", "项目编码", "item_code", true),
        new("t3", "三级价格", "t3", true),
        new("t2", "二级价格", "t2", true),
        new("t1", "一级价格", "t1", true),
        new("impact", "调价影响(元)", "impact", true),
        new("score", "综合得分S", "score", true),
        new("decision", "结果", "decision", true),
    ]);

    [Fact]
    public async Task Simulation_with_the_campaigns_own_parameters_equals_its_published_results_and_a_changed_run_compares_as_expected()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var baseAddress = new Uri(app.Urls.First());
        using var http = TestTokens.Client(baseAddress, Roles.PriceOffice, user: "li.price");
        var storage = StorageClients.FromConnectionString(fixture.Azurite.ConnectionString, "blobs-only");
        var campaignId = UniqueNames.Unique("camp");
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 21, Leagues: 3, HospitalsPerLeague: 8, Items: 40, BadRowShare: 0.08));
        var status = await RunCampaignAsync(http, storage, campaignId, sample);
        var written = await WrittenAsync(storage, campaignId);

        // The campaign's own parameters: every league/city's line and every guide-price row as published.
        var own = await RunAsync(http, new { campaignId, runId = $"{campaignId}-own" }, HttpStatusCode.Created);
        Assert.Equal(status.Summary!.Leagues, own.Leagues);
        Assert.Equal((status.Summary.AdoptedItems, status.Summary.SkippedItems, status.Summary.RegionalNet), (own.Total.Adopted, own.Total.Skipped, own.Total.Net));
        Assert.Equal(2, own.Rounds.Count);
        Assert.True(own.Rounds[0].RejectedRows > 0, "the sample's bad rows are judged again and refused again");
        Assert.Equal((0, 1), (own.Rounds[0].RejectedWorkbooks, own.Rounds[1].RejectedWorkbooks));
        Assert.Equal((sample.Bidders.Count(), sample.Bidders.Count() - 2), (own.Rounds[0].Workbooks, own.Rounds[1].Workbooks));
        var reader = new WorkbookReader();
        foreach (var league in own.Leagues)
        {
            var file = await http.GetByteArrayAsync($"/api/campaigns/{campaignId}/results/guide-prices-{league.League}.xlsx");
            var published = reader.ReadSheet(new MemoryStream(file), "guide.xlsx", GuidePriceSheet).Sheet!;
            Assert.NotEmpty(published.Rows);
            Assert.Equal(
                published.Rows.Select(r => string.Join(' ', r.Cells.Select(Number))),
                own.Items.Where(i => i.League == league.League).Select(i => string.Join(' ',
                    Number(i.Rank), i.Item, Number(i.Tier3), Number(i.Tier2), Number(i.Tier1), Number(i.Impact), Number(i.Score),
                    i.Decision == AdoptionDecision.Adopted ? "采纳" : "未采纳")));
        }

        // The same id and request again (a retry after a lost answer) gets the same run; another request under it is refused.
        var again = await RunAsync(http, new { campaignId, runId = $"{campaignId}-own", parameters = new { } }, HttpStatusCode.OK);
        Assert.Equal(own.CreatedAt, again.CreatedAt);
        await RefusedAsync(http, new { campaignId, runId = $"{campaignId}-own", parameters = new { complexItemShare = 0.6m } }, HttpStatusCode.Conflict, "run_id_taken");

        // One league/city's growth cut to 0.1 %: only its budget, and only its items' decisions, change.
        var cut = own.Leagues[0].League;
        var changed = await RunAsync(http, new { campaignId, parameters = new { leagueGrowth = new Dictionary<string, decimal> { [cut] = 0.001m } } }, HttpStatusCode.Created);
        Assert.Equal(0.001m, changed.Growth[cut]);
        var comparison = (await http.GetFromJsonAsync<ComparisonView>($"/api/simulations/{own.RunId}/compare/{changed.RunId}", Workflows.Json))!;
        var baseRevenue = sample.Scope.Leagues.Single(l => l.Code.Value == cut).BaseRevenue.Value;
        Assert.Equal(Math.Round((baseRevenue * 0.001m * 0.5m) - own.Leagues[0].Budget, 2), comparison.Leagues[0].Change.Budget);
        Assert.All(comparison.Leagues.Skip(1), l => Assert.Equal(new LeagueSummary(l.League, l.Name, 0, 0, 0, 0, 0, 0), l.Change));
        Assert.Equal(comparison.Leagues[0].Change.Net, comparison.Total.Change.Net);
        Assert.NotEmpty(comparison.ChangedItems);
        Assert.All(comparison.ChangedItems, c =>
        {
            Assert.Equal(cut, c.League);
            Assert.NotEqual(c.First!.Decision, c.Second!.Decision);
            Assert.Equal(c.First.Tier3, c.Second.Tier3);
        });
        Assert.Equal(
            own.Items.Zip(changed.Items).Count(p => p.First.Decision != p.Second.Decision),
            comparison.ChangedItems.Count);

        // A scope uploaded for a campaign not started yet, with this campaign's bids: the same scope gives the same results.
        var next = UniqueNames.Unique("next");
        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync($"/api/campaigns/{next}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        var onNext = await RunAsync(http, new { campaignId, scopeCampaignId = next }, HttpStatusCode.Created);
        Assert.Equal(own.Leagues, onNext.Leagues);
        Assert.Empty((await http.GetFromJsonAsync<ComparisonView>($"/api/simulations/{own.RunId}/compare/{onNext.RunId}", Workflows.Json))!.ChangedItems);

        // Workbooks uploaded only for simulations, the ones the campaign counted, on that scope: the same results, listed under the scope's campaign.
        var set = UniqueNames.Unique("set");
        var bidders = sample.Bidders.Select(h => h.Code).ToList();
        async Task PutWorkbookAsync(int round, HospitalCode hospital, byte[] content)
        {
            using var response = await http.PutAsync($"/api/simulations/workbooks/{set}/rounds/{round}/hospitals/{hospital.Value}", new ByteArrayContent(content));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        await PutWorkbookAsync(2, bidders[1], "not a workbook either"u8.ToArray());
        foreach (var hospital in bidders)
        {
            await PutWorkbookAsync(1, hospital, sample.BidWorkbook(hospital, 1));
            if (bidders.IndexOf(hospital) >= 3)
            {
                await PutWorkbookAsync(2, hospital, sample.BidWorkbook(hospital, 2));
            }
        }

        var uploaded = (await http.GetFromJsonAsync<List<SimulationWorkbook>>($"/api/simulations/workbooks/{set}", Workflows.Json))!;
        Assert.Equal((bidders.Count, bidders.Count - 2), (uploaded.Count(w => w.Round == 1), uploaded.Count(w => w.Round == 2)));
        var onSet = await RunAsync(http, new { workbookSetId = set, scopeCampaignId = next }, HttpStatusCode.Created);
        Assert.Equal((next, set), (onSet.CampaignId, onSet.WorkbookSetId));
        Assert.Equal(own.Leagues, onSet.Leagues);
        Assert.Equal(own.Rounds, onSet.Rounds);
        Assert.Equal(own.Items, onSet.Items);
        Assert.Equal([onSet.RunId], (await http.GetFromJsonAsync<List<SimulationSummary>>($"/api/simulations?campaignId={next}", Workflows.Json))!.Select(s => s.RunId));
        await RefusedAsync(http, new { workbookSetId = UniqueNames.Unique("set"), scopeCampaignId = next }, HttpStatusCode.NotFound, "workbook_set_not_found");
        await RefusedAsync(http, new { workbookSetId = "bad set", scopeCampaignId = next }, HttpStatusCode.BadRequest, "bad_workbook_set");
        Assert.Equal("empty_upload", (await ProblemAsync(await http.PutAsync($"/api/simulations/workbooks/{set}/rounds/1/hospitals/H1", new ByteArrayContent([])), HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal("out_of_bounds", (await ProblemAsync(await http.PutAsync($"/api/simulations/workbooks/{set}/rounds/3/hospitals/H1", new ByteArrayContent([1])), HttpStatusCode.BadRequest)).GetProperty("code").GetString());

        var listed = (await http.GetFromJsonAsync<List<SimulationSummary>>($"/api/simulations?campaignId={campaignId}", Workflows.Json))!;
        Assert.Equal(new[] { own.RunId, changed.RunId, onNext.RunId }.Order(StringComparer.Ordinal), listed.Select(s => s.RunId).Order(StringComparer.Ordinal));
        Assert.All(listed, s => Assert.Equal("li.price", s.CreatedBy));

        // Refusals, each with its code.
        // A body that is not JSON by its content type is refused as every JSON endpoint refuses it (415), under both hosts.
        foreach (var content in new HttpContent[] { new ByteArrayContent("{}"u8.ToArray()), new StringContent("{}", Encoding.UTF8, "text/plain") })
        {
            using (content)
            {
                Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await http.PostAsync("/api/simulations", content)).StatusCode);
            }
        }

        await RefusedAsync(http, "not json", HttpStatusCode.BadRequest, "bad_body");
        await RefusedAsync(http, $"{{\"campaignId\":\"{new string('a', (int)SimulationEndpoints.MaxBodyBytes)}\"}}", HttpStatusCode.RequestEntityTooLarge, "bad_body");
        await RefusedAsync(http, new { campaignId, parameters = new { defaultGrowht = 0.02m } }, HttpStatusCode.BadRequest, "bad_body");
        await RefusedAsync(http, new { campaignId = "bad id!" }, HttpStatusCode.BadRequest, "bad_campaign_id");
        await RefusedAsync(http, new { campaignId, runId = "bad/id" }, HttpStatusCode.BadRequest, "bad_run_id");
        await RefusedAsync(http, new { campaignId = "no-such-campaign" }, HttpStatusCode.NotFound, "campaign_not_found");
        var bounds = await RefusedAsync(http, new { campaignId, parameters = new { defaultGrowth = 0.5m, tier1Factor = 0m } }, HttpStatusCode.BadRequest, "bad_parameters");
        Assert.Equal(["defaultGrowth", "tier1Factor"], bounds.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal("run_not_found", (await ProblemAsync(await http.GetAsync("/api/simulations/no-such-run"), HttpStatusCode.NotFound)).GetProperty("code").GetString());
        Assert.Equal("bad_campaign_id", (await ProblemAsync(await http.GetAsync("/api/simulations"), HttpStatusCode.BadRequest)).GetProperty("code").GetString());

        // Only the price office: other officials and hospitals are refused every simulation endpoint.
        foreach (var (role, hospital) in new[] { (Roles.HealthCommission, (string?)null), (Roles.OfficeHead, null), (Roles.Hospital, sample.Bidders.First().Code.Value) })
        {
            using var other = TestTokens.Client(baseAddress, role, hospital);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync("/api/simulations", new { campaignId })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/simulations?campaignId={campaignId}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/simulations/{own.RunId}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/simulations/{own.RunId}/compare/{changed.RunId}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsync($"/api/simulations/workbooks/{set}/rounds/1/hospitals/H1", new ByteArrayContent([1]))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/simulations/workbooks/{set}")).StatusCode);
        }

        // The OpenAPI document describes the request body and the runs' shapes.
        var openApi = await http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("SimulationRequest", openApi, StringComparison.Ordinal);
        Assert.Contains("ComparisonView", openApi, StringComparison.Ordinal);

        // Read-only: the campaign's blobs are as it left them, no other campaign started; the runs are in their container.
        Assert.Equal(written, await WrittenAsync(storage, campaignId));
        var campaigns = await http.GetFromJsonAsync<List<JsonElement>>("/api/campaigns", Workflows.Json);
        Assert.Single(campaigns!);
        Assert.Contains(SimulationStore.RunBlob(changed.RunId), await StorageProbe.BlobNamesAsync(storage, StorageNames.SimulationsContainer, "runs/"));
        await app.StopAsync();
    }

    /// <summary>
    /// A campaign through HTTP and blob uploads until it completes, with the cases the rules single out: a broken round-1
    /// upload replaced by a good one (the last counts), a round-2 upload rejected whole (its round 1 stands), and a
    /// hospital that sends nothing in round 2 (round 2 then closes at its 20 s deadline).
    /// </summary>
    private static async Task<CampaignStatus> RunCampaignAsync(HttpClient http, StorageClients storage, string campaignId, SampleCampaign sample)
    {
        var bids = storage.Blobs.GetBlobContainerClient(StorageNames.BidsContainer);
        var bidders = sample.Bidders.Select(h => h.Code).ToList();
        Task UploadAsync(int round, HospitalCode hospital, byte[] content)
            => bids.GetBlobClient(CampaignStore.UploadBlob(campaignId, round, hospital.Value)).UploadAsync(new BinaryData(content), overwrite: true);

        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync($"/api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaignId, 20))).StatusCode);
        await CampaignEndToEndTests.WaitForAsync(http, campaignId, s => s.Progress?.Phase == "Round1");
        await UploadAsync(1, bidders[0], "not a workbook"u8.ToArray());
        await CampaignEndToEndTests.WaitForAsync(http, campaignId, s => s.Progress?.RejectedFiles >= 1);
        foreach (var hospital in bidders)
        {
            await UploadAsync(1, hospital, sample.BidWorkbook(hospital, 1));
        }

        await CampaignEndToEndTests.WaitForAsync(http, campaignId, s => s.Progress?.Phase == "Round2");
        await UploadAsync(2, bidders[1], "not a workbook either"u8.ToArray());
        foreach (var hospital in bidders.Skip(3))
        {
            await UploadAsync(2, hospital, sample.BidWorkbook(hospital, 2));
        }

        return await CampaignEndToEndTests.WaitForAsync(http, campaignId, s => s.RuntimeStatus == "Completed");
    }

    private static async Task<SimulationView> RunAsync(HttpClient http, object body, HttpStatusCode expected)
    {
        using var response = await http.PostAsJsonAsync("/api/simulations", body, Workflows.Json);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<SimulationView>(Workflows.Json))!;
    }

    private static async Task<JsonElement> RefusedAsync(HttpClient http, object body, HttpStatusCode expected, string code)
    {
        using HttpContent content = body is string text ? new StringContent(text, Encoding.UTF8, "application/json") : JsonContent.Create(body, options: Workflows.Json);
        var problem = await ProblemAsync(await http.PostAsync("/api/simulations", content), expected);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    /// <summary>The name of every blob the campaign has outside the simulations container.</summary>
    private static async Task<List<string>> WrittenAsync(StorageClients storage, string campaignId)
    {
        var found = new List<string>();
        foreach (var container in StorageNames.Containers.Where(c => c != StorageNames.SimulationsContainer))
        {
            found.AddRange((await StorageProbe.BlobNamesAsync(storage, container, $"{campaignId}/")).Select(n => $"{container}/{n}"));
        }

        return found;
    }

    /// <summary>A number as its value (12.5 for 12.50), text as is: the workbook and the API write the same values differently.</summary>
    private static string Number(string? cell) => decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? Number(value) : cell ?? string.Empty;

    private static string Number(decimal? value) => value?.ToString("0.############", CultureInfo.InvariantCulture) ?? string.Empty;
}

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Serverless.Functions.Bidding;
using Serverless.Functions.Security;
using Serverless.Functions.Simulation;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Console.Tests;

/// <summary>Issue 21's what-if page: the price office runs a campaign's bids twice and reads the two runs side by side.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task A_price_official_runs_two_simulations_and_compares_them_in_a_table_and_a_chart()
    {
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 8, Leagues: 2, HospitalsPerLeague: 4, Items: 12, BadRowShare: 0, QuirkShare: 0));
        var campaignId = Serverless.Azurite.UniqueNames.Unique("sim");
        using var price = Client(Roles.PriceOffice, null);
        Assert.Equal(HttpStatusCode.NoContent, (await price.PutAsync($"api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync("api/campaigns", new CampaignStart(campaignId, 900))).StatusCode);
        await UntilPhaseAsync(price, campaignId, "Round1");
        foreach (var bidder in sample.Bidders)
        {
            using var clerk = Client(Roles.Hospital, bidder.Code.Value);
            Assert.Equal(HttpStatusCode.Accepted, (await clerk.PutAsync($"api/campaigns/{campaignId}/rounds/1/bids", new ByteArrayContent(sample.BidWorkbook(bidder.Code, 1)))).StatusCode);
        }

        // Every invited hospital has sent round 1: the campaign moves on to round 2, and the page works on its round-1 bids.
        await UntilPhaseAsync(price, campaignId, "Round2");
        var page = await NewPageAsync();
        await SignInAsync(page, "li.price");
        await page.ClickAsync("#nav a:text-is('价格测算')");
        await page.WaitForSelectorAsync("h1:text-is('价格测算（事前评估）')");
        await page.SelectOptionAsync("#sim-form select[name=campaign]", campaignId);
        await page.WaitForSelectorAsync($"#sim-form select[name=campaign] option[value='{campaignId}'][selected]", new() { State = WaitForSelectorState.Attached });

        // A refused value names its field in Chinese and marks its input.
        await page.FillAsync("#sim-form input[name=defaultGrowth]", "50");
        await page.ClickAsync("#sim-form button[type=submit]");
        await page.WaitForSelectorAsync("#sim-message .error:has-text('默认增长系数（%）：应在 -10% 到 20% 之间')");
        Assert.Equal(1, await page.Locator("#sim-form input.sim-invalid[name=defaultGrowth]").CountAsync());

        // The campaign's own parameters, then the first league/city's growth at −10 %: a negative budget, so its rises are skipped.
        await page.FillAsync("#sim-form input[name=defaultGrowth]", "");
        await page.ClickAsync("#sim-form button[type=submit]");
        await page.WaitForSelectorAsync("#sim-runs td:text-is('批次原参数')");
        var league = sample.Scope.Leagues[0];
        var growth = page.Locator($"#sim-form input[data-league='{league.Code.Value}']");
        await growth.FillAsync("-10");
        await page.ClickAsync("#sim-form button[type=submit]");
        await page.WaitForSelectorAsync("#sim-comparison");

        var runs = (await price.GetFromJsonAsync<List<SimulationSummary>>($"api/simulations?campaignId={campaignId}", Json))!;
        Assert.Equal(2, runs.Count);
        Assert.Equal(-0.1m, runs[0].Overrides.LeagueGrowth![league.Code.Value]);
        var expected = (await price.GetFromJsonAsync<ComparisonView>($"api/simulations/{runs[1].RunId}/compare/{runs[0].RunId}", Json))!;

        // The side-by-side table: each league/city and the region, money as 1,234.56 元; the cut league's budget change.
        var table = page.Locator("table.sim-table tbody tr");
        Assert.Equal(expected.Leagues.Count + 1, await table.CountAsync());
        var first = await table.First.InnerTextAsync();
        Assert.Contains(league.Name, first, StringComparison.Ordinal);
        Assert.Contains($"{expected.Leagues[0].Change.Budget.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture)} 元", first, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"\d{1,3}(,\d{3})*\.\d{2} 元"), first);
        Assert.Contains("全区", await table.Last.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(2 * expected.Leagues.Count, await page.Locator(".sim-chart svg rect").CountAsync());
        Assert.NotEmpty(expected.ChangedItems);
        Assert.Equal(expected.ChangedItems.Count, await page.Locator("#sim-items tbody tr").CountAsync());
        Assert.Contains("未采纳", await page.Locator("#sim-items tbody tr").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains($"({expected.ChangedItems.Count})", await page.Locator("h2:has-text('结果或采纳价格变化的项目')").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("批次原参数", await page.Locator("#sim-runs").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains($"{league.Name} -10%", await page.Locator("#sim-runs").InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "simulation-comparison");

        // Bid workbooks uploaded only for simulations, named by hospital code, then a run on them: the same bids give the campaign's figures.
        var set = Serverless.Azurite.UniqueNames.Unique("set");
        await page.FillAsync("#sim-upload input[name=set]", set);
        await page.SetInputFilesAsync("#sim-upload input[name=files]", sample.Bidders.Select(b => new FilePayload
        {
            Name = $"{b.Code.Value}.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = sample.BidWorkbook(b.Code, 1),
        }));
        await page.ClickAsync("#sim-upload button[type=submit]");
        await page.WaitForSelectorAsync($"#sim-upload-result h3:has-text('({sample.Bidders.Count()})')");
        Assert.Equal(set, await page.InputValueAsync("#sim-form input[name=workbookSetId]"));
        await page.ClickAsync("#sim-form button[type=submit]");
        for (var i = 0; i < 100 && runs.Count < 3; i++)
        {
            await Task.Delay(200);
            runs = (await price.GetFromJsonAsync<List<SimulationSummary>>($"api/simulations?campaignId={campaignId}", Json))!;
        }

        Assert.Equal(3, runs.Count);
        var onSet = runs.Single(r => r.WorkbookSetId == set);
        Assert.Equal(runs.Single(r => r.Overrides.LeagueGrowth is null && r.WorkbookSetId is null).Total, onSet.Total);
        await page.WaitForSelectorAsync($"#sim-comparison:has-text('{onSet.RunId}')");

        // A clerk has no such page, and the API refuses it.
        await page.ClickAsync("#signout");
        await SignInAsync(page, "clerk.h01001");
        Assert.Equal(0, await page.Locator("#nav a:text-is('价格测算')").CountAsync());
        var status = await page.EvaluateAsync<int>(@"async () => (await fetch('/api/simulations', { method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + sessionStorage.getItem('console.token') },
            body: JSON.stringify({ campaignId: 'x' }) })).status");
        Assert.Equal(403, status);
        await page.CloseAsync();
    }

    private static async Task UntilPhaseAsync(HttpClient price, string campaignId, string phase)
    {
        for (var i = 0; i < 300 && (await price.GetFromJsonAsync<CampaignStatus>($"api/campaigns/{campaignId}", Json))!.Progress?.Phase != phase; i++)
        {
            await Task.Delay(200);
        }

        Assert.Equal(phase, (await price.GetFromJsonAsync<CampaignStatus>($"api/campaigns/{campaignId}", Json))!.Progress?.Phase);
    }
}

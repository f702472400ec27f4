using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Domain.Monitoring;
using Serverless.Functions.Bidding;
using Serverless.Functions.Demo;
using Serverless.Functions.Hosting;
using Serverless.Functions.Monitoring;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Console.Tests;

/// <summary>Issue 21's monitoring dashboard: a completed campaign's quarters per league/city, a missing upload highlighted, the fit as lines, the evaluation.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task An_official_sees_each_quarters_fit_the_missing_upload_highlighted_and_the_priority_candidates()
    {
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 9, Leagues: 2, HospitalsPerLeague: 3, Items: 14, BadRowShare: 0, QuirkShare: 0));
        var campaignId = Serverless.Azurite.UniqueNames.Unique("mon");
        using var price = Client(Roles.PriceOffice, null);
        Assert.Equal(HttpStatusCode.NoContent, (await price.PutAsync($"api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync("api/campaigns", new CampaignStart(campaignId, 900, MonitoringDayMilliseconds: 100))).StatusCode);
        foreach (var round in new[] { 1, 2 })
        {
            await UntilPhaseAsync(price, campaignId, $"Round{round}");
            foreach (var bidder in sample.Bidders)
            {
                using var clerk = Client(Roles.Hospital, bidder.Code.Value);
                Assert.Equal(HttpStatusCode.Accepted, (await clerk.PutAsync($"api/campaigns/{campaignId}/rounds/{round}/bids", new ByteArrayContent(sample.BidWorkbook(bidder.Code, round)))).StatusCode);
            }
        }

        var view = await UntilMonitoringAsync(price, campaignId, v => v is not null);
        var quarters = view.Quarters.Select(q => MonitoringQuarter.TryParse(q.Quarter, out var quarter) ? quarter : throw new InvalidOperationException(q.Quarter)).ToList();
        var (punctual, missing) = (sample.Scope.Leagues[0].Code, sample.Scope.Leagues[1].Code);
        var container = fixture.App.Services.GetRequiredService<StorageClients>().Blobs.GetBlobContainerClient(StorageNames.MonitoringContainer);
        foreach (var league in new[] { punctual, missing })
        {
            foreach (var quarter in quarters.SelectMany(q => new[] { q.AddYears(-1), q }).Where(q => league != missing || q != quarters[1]))
            {
                await container.GetBlobClient($"{league.Value}/{quarter}.xlsx").UploadAsync(new BinaryData(SampleMonitoring.Workbook(sample.Catalog, league, quarter, 4)), overwrite: true);
            }
        }

        view = await UntilMonitoringAsync(price, campaignId, v => v!.Quarters.Sum(q => q.Leagues.Count(l => l.Received)) == 7);
        var evaluation = (await price.GetFromJsonAsync<List<LeagueEvaluation>>($"api/campaigns/{campaignId}/monitoring/evaluation", Json))!;

        var page = await NewPageAsync();
        await SignInAsync(page, "li.price");
        Assert.Equal(1, await page.Locator("#nav a:text-is('价格监测')").CountAsync());
        await page.GotoAsync(new Uri(fixture.Root, $"console/#/monitoring?campaign={campaignId}").ToString());
        await page.WaitForSelectorAsync("#mon-quarters");

        // The one quarter not uploaded is red and says so; every received one shows the API's fit to four places.
        var gap = page.Locator("td.mon-missing");
        Assert.Equal(1, await gap.CountAsync());
        Assert.Equal((missing.Value, quarters[1].ToString(), "未报"), (await gap.GetAttributeAsync("data-league"), await gap.GetAttributeAsync("data-quarter"), (await gap.InnerTextAsync()).Trim()));
        foreach (var cell in view.Quarters.SelectMany(q => q.Leagues.Where(l => l.Received).Select(l => (q.Quarter, l))))
        {
            var shown = await page.Locator($"td[data-league='{cell.l.League}'][data-quarter='{cell.Quarter}'] .mon-fit").InnerTextAsync();
            Assert.Equal(cell.l.Fit is { } fit ? fit.ToString("0.0000", CultureInfo.InvariantCulture) : "—", shown);
        }

        // A line per league/city, with the axis labelled; the evaluation lists the API's candidates, item by item.
        Assert.Equal(2, await page.Locator("svg polyline.mon-line").CountAsync());
        Assert.Contains("拟合度", await page.Locator(".sim-chart figcaption").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(evaluation, e => e.Candidates.Count > 0);
        Assert.Equal(evaluation.Sum(e => Math.Max(1, e.Candidates.Count)), await page.Locator("#mon-evaluation tbody tr").CountAsync());
        var listed = await page.Locator("#mon-evaluation").InnerTextAsync();
        Assert.All(evaluation.SelectMany(e => e.Candidates), c => Assert.Contains(c.Item.Value, listed, StringComparison.Ordinal));
        Assert.DoesNotContain("Monitoring", await page.Locator("#mon-phase").InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "monitoring-dashboard");

        // The price office drafts the next campaign's scope from one league/city's candidates; the draft is there to download.
        var candidates = evaluation.First(e => e.Candidates.Count > 0);
        var nextId = Serverless.Azurite.UniqueNames.Unique("next");
        await page.FillAsync("#mon-next input[name=next]", nextId);
        await page.CheckAsync($"#mon-next input[name=league][value='{candidates.League.Value}']");
        await page.ClickAsync("#mon-next button[type=submit]");
        await page.WaitForSelectorAsync("#mon-next-message .ok");
        Assert.Contains($"{candidates.Candidates.Count} 个项目", await page.Locator("#mon-next-message").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await price.GetAsync($"api/campaigns/{nextId}/scope")).StatusCode);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#mon-next-message a[data-download]"));
        Assert.Equal($"{nextId}-scope.xlsx", download.SuggestedFilename);

        // An id that already has a scope is refused in words, not a code.
        var taken = Serverless.Azurite.UniqueNames.Unique("taken");
        Assert.Equal(HttpStatusCode.NoContent, (await price.PutAsync($"api/campaigns/{taken}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        await page.FillAsync("#mon-next input[name=next]", taken);
        await page.ClickAsync("#mon-next button[type=submit]");
        await page.WaitForSelectorAsync("#mon-next-message .error:has-text('该批次编号已有范围表')");

        // At phone width the page does not scroll sideways (the quarter table scrolls inside itself).
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth") <= 390, "the monitoring page scrolls sideways at 390 px");
        await ShotAsync(page, "monitoring-dashboard-390");
        await page.SetViewportSizeAsync(1440, 900);

        // A clerk has no such page.
        await page.ClickAsync("#signout");
        await SignInAsync(page, "clerk.h01001");
        Assert.Equal(0, await page.Locator("#nav a:text-is('价格监测')").CountAsync());
        await page.CloseAsync();
    }

    private static Task<MonitoringView> UntilMonitoringAsync(HttpClient price, string campaignId, Func<MonitoringView?, bool> done)
        => DemoMonitoring.WaitAsync(price, campaignId, done, TimeSpan.FromMinutes(2));
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Serverless.Domain.Bidding;
using Serverless.Functions.Bidding;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Console.Tests;

/// <summary>Issue 20's campaign page: the price office watches each round live, then reads the results per league/city and item.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task The_price_office_extends_the_open_round_once_with_a_reason_from_the_page()
    {
        var campaignId = await StartSmallCampaignAsync();
        using var price = Client(Roles.PriceOffice, null);
        var before = (await price.GetFromJsonAsync<RoundMissing>($"api/campaigns/{campaignId}/rounds/1/missing", Json))!;
        Assert.False(before.Extended);
        const string reason = "部分医院网络故障，延长两小时";

        var page = await NewPageAsync();
        await SignInAsync(page, "li.price");
        await page.GotoAsync(new Uri(fixture.Root, $"console/#/campaign/{campaignId}").ToString());
        await page.FillAsync("#cmp-extend-form input[name=hours]", "2");
        await page.FillAsync("#cmp-extend-form textarea[name=reason]", reason);
        await page.ClickAsync("#cmp-extend-form button[type=submit]");
        Assert.Equal("已延长，新的截止时间见上表", (await page.Locator("#cmp-extend-result.ok").InnerTextAsync()).Trim());

        // The round shows 已延长 with its new deadline, and the form is gone: a round is extended once.
        await page.Locator("#cmp-rounds tr[data-round='1'] .cmp-tag", new() { HasText = "已延长" }).WaitForAsync(new() { Timeout = 20_000 });
        await page.Locator("#cmp-extend-form").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 20_000 });
        var after = (await price.GetFromJsonAsync<RoundMissing>($"api/campaigns/{campaignId}/rounds/1/missing", Json))!;
        Assert.True(after.Extended);
        Assert.Equal(before.DeadlineUtc.AddHours(2), after.DeadlineUtc);
        Assert.Equal(HttpStatusCode.Conflict, (await price.PostAsJsonAsync($"api/campaigns/{campaignId}/rounds/1/extend", new ExtendRequest(60, "再延一次"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await price.PostAsJsonAsync($"api/campaigns/{campaignId}/rounds/1/extend", new ExtendRequest(60, new string('长', ExtendRequest.MaxReasonLength + 1)))).StatusCode);

        // The reason is kept in the audit trail.
        using var head = Client(Roles.OfficeHead, null);
        var audit = (await head.GetFromJsonAsync<AuditPage>($"api/audit?action=campaign.round.extend&instance={campaignId}", Json))!;
        Assert.Contains(reason, Assert.Single(audit.Entries).Details, StringComparison.Ordinal);
        await ShotAsync(page, "campaign-extended");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_price_office_watches_a_round_live_with_the_missing_hospitals_and_reads_the_results_per_league_and_item()
    {
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 11, Leagues: 2, HospitalsPerLeague: 3, Items: 14, BadRowShare: 0, QuirkShare: 0));
        var campaignId = Serverless.Azurite.UniqueNames.Unique("live");
        using var price = Client(Roles.PriceOffice, null);
        // The first league/city grows by a twentieth of a percent only: its small budget leaves some rises skipped.
        var scope = sample.Scope with { Leagues = [.. sample.Scope.Leagues.Select((l, i) => i == 0 ? l with { Growth = 0.0005m } : l)] };
        Assert.Equal(HttpStatusCode.NoContent, (await price.PutAsync($"api/campaigns/{campaignId}/scope", new ByteArrayContent(BiddingWorkbooks.Scope(scope)))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync("api/campaigns", new CampaignStart(campaignId, 900))).StatusCode);
        await UntilPhaseAsync(price, campaignId, "Round1");
        var bidders = sample.Bidders.ToList();
        var (broken, silent) = (bidders[^2], bidders[^1]);
        async Task UploadAsync(string hospital, int round, byte[] workbook)
        {
            using var clerk = Client(Roles.Hospital, hospital);
            Assert.Equal(HttpStatusCode.Accepted, (await clerk.PutAsync($"api/campaigns/{campaignId}/rounds/{round}/bids", new ByteArrayContent(workbook))).StatusCode);
        }

        // Round 1: all but two hospitals send their workbook; one of the two sends a file that is no workbook (rejected whole).
        foreach (var bidder in bidders.SkipLast(2))
        {
            await UploadAsync(bidder.Code.Value, 1, sample.BidWorkbook(bidder.Code, 1));
        }

        await UploadAsync(broken.Code.Value, 1, "not a workbook"u8.ToArray());
        var status = await UntilStatusAsync(price, campaignId, s => s.Progress is { Submitted: var n, RejectedFiles: 1 } && n == bidders.Count - 2);

        var page = await NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) => refused.AddRange(message.Text.Contains("Content Security Policy", StringComparison.Ordinal) ? [message.Text] : []);
        await SignInAsync(page, "li.price");
        await page.GotoAsync(new Uri(fixture.Root, "console/#/campaigns").ToString());
        await page.ClickAsync($"a:text-is('{campaignId}')");
        var roundOne = page.Locator("#cmp-rounds tr[data-round='1']");
        await page.WaitForSelectorAsync($"#cmp-rounds tr[data-round='1'] td[data-k=rejectedFiles] span:text-is('1')");
        Assert.Contains($"批次 {campaignId}", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);

        // The counts are the API's, the not-yet-submitted ones included; the deadline is the API's in Beijing time, with a countdown.
        var round = status.Progress!.Rounds.Single();
        async Task<string> CellAsync(ILocator row, string key) => (await row.Locator($"td[data-k={key}]").InnerTextAsync()).Trim();
        Assert.Equal(
            [round.Invited, round.Submitted, round.Invited - round.Submitted, round.ValidRows, round.RejectedRows, round.RejectedFiles],
            await Task.WhenAll(new[] { "invited", "submitted", "notSubmitted", "validRows", "rejectedRows", "rejectedFiles" }.Select(async k => int.Parse(await CellAsync(roundOne, k), CultureInfo.InvariantCulture))));
        Assert.Equal(bidders.Count, round.Invited);
        var deadline = Regex.Match(await CellAsync(roundOne, "deadline"), @"^(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) 北京时间");
        Assert.True(deadline.Success, await CellAsync(roundOne, "deadline"));
        var shownDeadline = new DateTime(int.Parse(deadline.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(deadline.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(deadline.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(deadline.Groups[4].Value, CultureInfo.InvariantCulture),
            int.Parse(deadline.Groups[5].Value, CultureInfo.InvariantCulture), int.Parse(deadline.Groups[6].Value, CultureInfo.InvariantCulture), DateTimeKind.Utc).AddHours(-8);
        Assert.Equal(round.DeadlineUtc.AddTicks(-(round.DeadlineUtc.Ticks % TimeSpan.TicksPerSecond)), shownDeadline);
        Assert.Matches(@"^剩余 1?\d 分 \d{1,2} 秒$", await CellAsync(roundOne, "countdown"));
        Assert.Contains("自动刷新", await page.Locator("#cmp-refresh").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("第一轮报价", (await page.Locator("#cmp-phase").InnerTextAsync()).Trim());

        // The hospitals still missing are exactly the two that have no counted workbook, by code and name.
        async Task<IReadOnlyList<(string, string)>> MissingAsync() => await Task.WhenAll((await page.Locator("#cmp-missing-1 tbody tr").AllAsync())
            .Select(async r => (await CellAsync(r, "hospital"), await CellAsync(r, "name"))));
        Assert.Equal([(broken.Code.Value, broken.Name), (silent.Code.Value, silent.Name)], await MissingAsync());
        Assert.Contains("尚未提交的机构（2 家）", await page.Locator(".cmp-missing[data-round='1'] h3").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotMatch(RawIdentifiers, await page.Locator("#view").InnerTextAsync());
        await ShotAsync(page, "campaign-live");

        // At phone width the page does not scroll sideways.
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the live campaign page scrolls sideways at 390 px");
        await ShotAsync(page, "campaign-live-390");
        await page.SetViewportSizeAsync(1280, 900);

        // Without a reload the page follows the round: the silent hospital's workbook leaves one missing.
        await UploadAsync(silent.Code.Value, 1, sample.BidWorkbook(silent.Code, 1));
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#cmp-missing-1 tbody tr').length === 1", null, new() { Timeout = 30_000 });
        Assert.Equal([(broken.Code.Value, broken.Name)], await MissingAsync());
        Assert.Equal(bidders.Count - 1, int.Parse(await CellAsync(roundOne, "submitted"), CultureInfo.InvariantCulture));

        // Once the user leaves the page it stops asking.
        var asked = 0;
        page.Request += (_, request) => asked += request.Url.Contains($"/api/campaigns/{campaignId}", StringComparison.Ordinal) ? 1 : 0;
        await page.GotoAsync(new Uri(fixture.Root, "console/#/campaigns").ToString());
        await page.WaitForSelectorAsync($"a:text-is('{campaignId}')");
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.Equal(0, asked);

        // The last workbook closes round 1; round 2 from everyone completes the campaign.
        await UploadAsync(broken.Code.Value, 1, sample.BidWorkbook(broken.Code, 1));
        await UntilPhaseAsync(price, campaignId, "Round2");
        foreach (var bidder in bidders)
        {
            await UploadAsync(bidder.Code.Value, 2, sample.BidWorkbook(bidder.Code, 2));
        }

        var summary = (await UntilStatusAsync(price, campaignId, s => s.RuntimeStatus == "Completed")).Summary!;
        await page.GotoAsync(new Uri(fixture.Root, $"console/#/campaign/{campaignId}").ToString());
        await page.WaitForSelectorAsync("#cmp-item-table tbody tr");

        // Per league/city and for the region: the API's budget, saving, used by rises and net in yuan, adopted and skipped.
        static string Money(decimal value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture) + " 元";
        foreach (var league in summary.Leagues)
        {
            var row = page.Locator($"#cmp-summary tr[data-league='{league.League}']");
            Assert.Equal([Money(league.Budget), Money(league.Saving), Money(league.UsedByRises), Money(league.Net), $"{league.Adopted}", $"{league.Skipped}"],
                await Task.WhenAll(new[] { "budget", "saving", "usedByRises", "net", "adopted", "skipped" }.Select(k => CellAsync(row, k))));
            Assert.Contains(league.Name, await CellAsync(row, "league"), StringComparison.Ordinal);
        }

        var total = page.Locator("#cmp-summary tr.cmp-total");
        Assert.Equal([Money(summary.RegionalBiddingBudget), Money(summary.RegionalSaving), Money(summary.RegionalUsedByRises), Money(summary.RegionalNet), $"{summary.AdoptedItems}", $"{summary.SkippedItems}"],
            await Task.WhenAll(new[] { "budget", "saving", "usedByRises", "net", "adopted", "skipped" }.Select(k => CellAsync(total, k))));
        Assert.Equal("right", await page.Locator("#cmp-summary td[data-k=budget]").First.EvaluateAsync<string>("td => getComputedStyle(td).textAlign"));
        Assert.Equal(1, await page.Locator("#cmp-missing-1-none").CountAsync());
        Assert.DoesNotContain("Completed", await page.Locator("#cmp-status").InnerTextAsync(), StringComparison.Ordinal);

        // The decision chart: per league/city one stacked bar, a segment per decision as tall as the count of its items
        // that got it in the per-item results, named in Chinese in its tooltip, the legend and the text alternative.
        var chart = page.Locator("#cmp-decision-chart");
        await chart.Locator("svg rect").First.WaitForAsync();
        Assert.Equal("各盟市项目采纳结果（项）", (await chart.Locator("figcaption").InnerTextAsync()).Trim());
        Assert.Equal(("0", "img"), (await chart.GetAttributeAsync("tabindex"), await chart.Locator("svg").GetAttributeAsync("role")));
        Assert.Equal("采纳 未采纳", (await chart.Locator(".cmp-legend").InnerTextAsync()).Trim());
        Assert.Equal("项", (await chart.Locator("text.cmp-unit").TextContentAsync())?.Trim());
        var alternative = (await chart.Locator("svg").GetAttributeAsync("aria-label"))!;
        async Task<double> AttributeAsync(ILocator element, string name) => double.Parse((await element.GetAttributeAsync(name))!, CultureInfo.InvariantCulture);
        double? perItem = null;
        foreach (var league in summary.Leagues)
        {
            var ranked = (await price.GetFromJsonAsync<LeagueResults>($"api/campaigns/{campaignId}/results/leagues/{league.League}?pageSize=500", Json))!.Items.Items;
            var (adopted, skipped) = (ranked.Count(i => i.Decision == AdoptionDecision.Adopted), ranked.Count(i => i.Decision == AdoptionDecision.Skipped));
            Assert.Equal((league.Adopted, league.Skipped), (adopted, skipped));
            Assert.Contains($"{league.Name} 采纳 {adopted} 项，未采纳 {skipped} 项", alternative, StringComparison.Ordinal);
            var bottom = chart.Locator($"rect[data-group='{league.League}'][data-series='Adopted']");
            var top = chart.Locator($"rect[data-group='{league.League}'][data-series='Skipped']");
            Assert.Equal(($"{adopted}", $"{skipped}"), (await bottom.GetAttributeAsync("data-value"), await top.GetAttributeAsync("data-value")));
            Assert.Equal(($"{league.Name} 采纳 {adopted} 项", $"{league.Name} 未采纳 {skipped} 项"),
                ((await bottom.Locator("title").TextContentAsync())?.Trim(), (await top.Locator("title").TextContentAsync())?.Trim()));
            // One scale for every bar: each segment's height is its count times the same number of pixels, the skipped one stacked on the adopted one.
            perItem ??= await AttributeAsync(bottom, "height") / adopted;
            Assert.Equal(adopted * perItem.Value, await AttributeAsync(bottom, "height"), 6);
            Assert.Equal(skipped * perItem.Value, await AttributeAsync(top, "height"), 6);
            Assert.Equal(await AttributeAsync(bottom, "y"), await AttributeAsync(top, "y") + await AttributeAsync(top, "height"), 6);
            Assert.Equal(league.Name, (await chart.Locator("text.cmp-group").Nth(summary.Leagues.ToList().IndexOf(league)).TextContentAsync())?.Trim());
        }

        // The figure takes the keyboard's focus (to scroll it on a phone); the results page passes the accessibility check.
        await chart.FocusAsync();
        Assert.Equal("cmp-decision-chart", await page.EvaluateAsync<string>("document.activeElement.id"));
        var axe = await File.ReadAllTextAsync(Path.Combine(Serverless.Azurite.AzuriteInstance.FindRepositoryRoot(), "node_modules", "axe-core", "axe.min.js"));
        Assert.Empty(await AxeViolationsAsync(page, axe));

        // The first league/city's items: the API's ranked list, in rank order, then sorted by a column either way and filtered.
        var first = summary.Leagues[0];
        var items = (await price.GetFromJsonAsync<LeagueResults>($"api/campaigns/{campaignId}/results/leagues/{first.League}?pageSize=500", Json))!.Items.Items;
        async Task<IReadOnlyList<string>> ColumnAsync(string key) => await Task.WhenAll((await page.Locator($"#cmp-item-table tbody td[data-k={key}]").AllAsync()).Select(c => c.InnerTextAsync()));
        static decimal Number(string text) => decimal.Parse(text.Replace(" 元", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.Equal(items.Select(i => i.Item), await ColumnAsync("item"));
        Assert.Equal(items.Select(i => i.Score.ToString("0.0000", CultureInfo.InvariantCulture)), await ColumnAsync("score"));
        Assert.Equal(items.Select(i => i.Decision == AdoptionDecision.Adopted ? "采纳" : "未采纳"), await ColumnAsync("decision"));
        await page.ClickAsync("#cmp-item-table button[data-sort=score]");
        var ascending = (await ColumnAsync("score")).Select(Number).ToList();
        Assert.Equal(ascending.Order(), ascending);
        await page.ClickAsync("#cmp-item-table button[data-sort=score]");
        var descending = (await ColumnAsync("score")).Select(Number).ToList();
        Assert.Equal(ascending.OrderDescending(), descending);
        Assert.Equal("descending", await page.Locator("#cmp-item-table th[data-k=score]").GetAttributeAsync("aria-sort"));
        await page.ClickAsync("#cmp-item-table button[data-sort=tier3Price]");
        var prices = (await ColumnAsync("tier3Price")).Where(p => p.Length > 0).Select(Number).ToList();
        Assert.Equal(items.Count(i => i.Tier3Price is not null), prices.Count);
        Assert.Equal(prices.Order(), prices);

        Assert.Contains(items, i => i.Decision == AdoptionDecision.Skipped);
        Assert.Contains(items, i => i.Decision == AdoptionDecision.Adopted);
        Assert.Contains("未采纳", await page.Locator("#cmp-item-table tbody td[data-k=decision]").AllInnerTextsAsync(), StringComparer.Ordinal);
        await page.FillAsync("#cmp-filter", "未采纳");
        Assert.Equal(items.Where(i => i.Decision == AdoptionDecision.Skipped).Select(i => i.Item).Order(StringComparer.Ordinal),
            (await ColumnAsync("item")).Order(StringComparer.Ordinal));
        var named = items[1];
        await page.FillAsync("#cmp-filter", named.Item);
        Assert.Equal([named.Item], await ColumnAsync("item"));
        Assert.Contains($"1 / {items.Count}", await page.Locator("#cmp-shown").InnerTextAsync(), StringComparison.Ordinal);

        // Another league/city from the summary's row; its guide prices download under the campaign's name.
        var second = summary.Leagues[1];
        await page.ClickAsync($"#cmp-summary tr[data-league='{second.League}'] button[data-league]");
        await page.WaitForFunctionAsync("league => document.querySelector('#cmp-league')?.value === league", second.League);
        var others = (await price.GetFromJsonAsync<LeagueResults>($"api/campaigns/{campaignId}/results/leagues/{second.League}?pageSize=500", Json))!.Items.Items;
        Assert.Equal(others.Select(i => i.Item), await ColumnAsync("item"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"#cmp-summary tr[data-league='{second.League}'] a[data-download]"));
        Assert.Equal($"{campaignId}-guide-prices-{second.League}.xlsx", download.SuggestedFilename);
        Assert.DoesNotMatch(RawIdentifiers, await page.Locator("#view").InnerTextAsync());
        await ShotAsync(page, "campaign-results");

        // In English the same figures carry English labels.
        await page.ClickAsync("#lang");
        await page.WaitForSelectorAsync("h2:text-is('Results per league/city')");
        await page.WaitForSelectorAsync("#cmp-item-table th[data-k=score]:has-text('S score')");
        Assert.Equal("Adopted Skipped", (await page.Locator("#cmp-decision-chart .cmp-legend").InnerTextAsync()).Trim());
        Assert.Equal("Items per league/city by decision (items)", (await page.Locator("#cmp-decision-chart figcaption").InnerTextAsync()).Trim());
        Assert.Equal(Money(summary.RegionalNet), await CellAsync(page.Locator("#cmp-summary tr.cmp-total"), "net"));
        await ShotAsync(page, "campaign-results-en");
        await page.ClickAsync("#lang");
        await page.WaitForSelectorAsync("h2:text-is('结果（各盟市）')");

        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the campaign results scroll sideways at 390 px");
        Assert.True(await chart.EvaluateAsync<bool>("figure => figure.clientWidth <= 390 && getComputedStyle(figure).overflowX === 'auto'"), "the decision chart does not scroll inside itself at 390 px");
        await ShotAsync(page, "campaign-results-390");
        Assert.Empty(refused);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Every_code_the_campaign_new_item_review_and_console_endpoints_refuse_with_has_a_chinese_and_an_english_label()
    {
        var root = Serverless.Azurite.AzuriteInstance.FindRepositoryRoot();
        var sources = new[] { "functions/Bidding", "functions/NewItems", "functions/Reviews", "functions/WebConsole" }.SelectMany(d => Directory.GetFiles(Path.Combine(root, d), "*.cs")).Select(File.ReadAllText).ToList();
        var codes = sources.SelectMany(s => Regex.Matches(s, @"ApiProblem\.(?:BadRequest|NotFound|Conflict)\(""([a-z_]+)""").Select(m => m.Groups[1].Value))
            .Append("out_of_bounds").Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Contains("round_already_extended", codes);
        Assert.Contains("already_decided", codes);
        Assert.Contains("indicators_already_scored", codes);
        var page = await NewPageAsync();
        await SignInAsync(page, "li.price");

        var unlabelled = await page.EvaluateAsync<string[]>("codes => codes.filter(c => !I18N.zh[c] || !I18N.en[c] || !/[\\u4e00-\\u9fff]/.test(I18N.zh[c]))", codes);

        Assert.Empty(unlabelled);
        await page.Context.CloseAsync();
    }

    /// <summary>The API's identifiers for statuses, phases and decisions, which a Chinese page shows only in Chinese.</summary>
    private const string RawIdentifiers = "Pending|Running|Completed|Failed|Round[12]|Adopting|Publishing|Adopted|Skipped";

    private static async Task<CampaignStatus> UntilStatusAsync(HttpClient price, string campaignId, Func<CampaignStatus, bool> done)
    {
        for (var i = 0; i < 600; i++)
        {
            var status = (await price.GetFromJsonAsync<CampaignStatus>($"api/campaigns/{campaignId}", Json))!;
            if (done(status))
            {
                return status;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Campaign {campaignId} did not reach the state awaited.");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Serverless.Domain.Bidding;
using Serverless.Functions.Bidding;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Console.Tests;

/// <summary>Issue 9's proof: officials and a hospital clerk use the console in a real browser.</summary>
public sealed partial class ConsoleBrowserTests(ConsoleFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ConsoleFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly DevTokens Tokens = new(ConsoleFixture.SigningKey);

    [Fact]
    public async Task A_price_official_and_the_health_commission_approve_a_green_channel_application_and_it_moves_to_trial()
    {
        var id = await SubmitGreenApplicationAsync("H01001", "经导管主动脉瓣置换术（国产瓣膜）");
        var page = await NewPageAsync();
        await SignInAsync(page, "li.price");
        await page.WaitForSelectorAsync($"button[data-decision='approve'][data-app='{id}'][data-step='PriceReview']");
        await ShotAsync(page, "tasks");
        await page.ClickAsync($"button[data-decision='approve'][data-app='{id}'][data-step='PriceReview']");
        await page.FillAsync(".confirm textarea[name=comment]", "价格测算合理");
        await page.ClickAsync(".confirm [data-role=confirm]");
        await page.WaitForSelectorAsync(".confirm .ok");

        await page.ClickAsync("#signout");
        await SignInAsync(page, "wang.health");
        await page.GotoAsync(new Uri(fixture.Root, $"console/#/new-item/{id}").ToString());
        await page.WaitForSelectorAsync("button[data-decision='approve'][data-step='TechnicalReview']");
        Assert.Equal(0, await page.Locator("button[data-step='PriceReview']").CountAsync());
        await page.ClickAsync("button[data-decision='approve'][data-step='TechnicalReview']");
        await page.ClickAsync(".confirm [data-role=confirm]");
        await page.WaitForSelectorAsync(".confirm .ok");
        var decided = System.Diagnostics.Stopwatch.StartNew();
        using (var watch = Client(Roles.PriceOffice, null))
        {
            while ((await watch.GetFromJsonAsync<NewItemEndpoints.ApplicationView>($"api/new-items/{id}", Json))!.Progress?.Phase != "Trial" && decided.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(250);
            }
        }

        output.WriteLine($"the workflow took the decision {decided.Elapsed.TotalSeconds:F1} s after it was sent");
        await page.WaitForSelectorAsync("#phase[data-phase='Trial']:text-is('试行期')", new() { Timeout = 30_000 });
        await page.WaitForSelectorAsync("td:text-is('li.price')");
        await ShotAsync(page, "new-item-timeline");

        using var http = Client(Roles.PriceOffice, null);
        var view = await http.GetFromJsonAsync<NewItemEndpoints.ApplicationView>($"api/new-items/{id}", Json);
        Assert.Equal("Trial", view!.Progress!.Phase);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_role_sees_no_action_buttons_and_a_forged_post_is_refused()
    {
        var id = await SubmitGreenApplicationAsync("H01002", "脑机接口康复训练");
        var page = await NewPageAsync();
        await SignInAsync(page, "chen.expert");
        await page.GotoAsync(new Uri(fixture.Root, $"console/#/new-item/{id}").ToString());
        await page.WaitForSelectorAsync(".card[data-step='PriceReview']");
        Assert.Equal(0, await page.Locator("button[data-decision]").CountAsync());
        await ShotAsync(page, "new-item-wrong-role");

        var status = await page.EvaluateAsync<int>(@"async id => (await fetch('/api/new-items/' + id + '/decisions', { method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + sessionStorage.getItem('console.token') },
            body: JSON.stringify({ step: 'PriceReview', decision: 'approve' }) })).status", id);
        Assert.Equal(403, status);

        using var http = Client(Roles.PriceOffice, null);
        var view = await http.GetFromJsonAsync<NewItemEndpoints.ApplicationView>($"api/new-items/{id}", Json);
        Assert.Equal(2, view!.Progress!.OpenWaits.Count);

        // The other pages, in English, for the reviewer.
        await page.ClickAsync("#signout");
        await SignInAsync(page, "sun.fund");
        await page.ClickAsync("#lang");
        await page.GotoAsync(new Uri(fixture.Root, "console/#/fund").ToString());
        await page.WaitForSelectorAsync("h1:text-is('Reserve fund')");
        await ShotAsync(page, "fund");
        await page.GotoAsync(new Uri(fixture.Root, "console/#/new-items").ToString());
        await page.WaitForSelectorAsync($"a:text-is('{id}')");
        await ShotAsync(page, "new-items");
        await page.ClickAsync("#lang");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_hospital_uploads_a_workbook_with_a_bad_row_and_sees_that_row_and_column_at_once()
    {
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 5, Leagues: 1, HospitalsPerLeague: 3, Items: 12, BadRowShare: 0, QuirkShare: 0));
        var campaignId = Serverless.Azurite.UniqueNames.Unique("ui");
        using (var price = Client(Roles.PriceOffice, null))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await price.PutAsync($"api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync("api/campaigns", new CampaignStart(campaignId, 900))).StatusCode);
            for (var i = 0; i < 150 && (await price.GetFromJsonAsync<CampaignStatus>($"api/campaigns/{campaignId}", Json))!.Progress?.Phase != "Round1"; i++)
            {
                await Task.Delay(200);
            }

            Assert.Equal("Round1", (await price.GetFromJsonAsync<CampaignStatus>($"api/campaigns/{campaignId}", Json))!.Progress?.Phase);
            var listed = await price.GetStringAsync("api/campaigns");
            Assert.Contains(campaignId, listed, StringComparison.Ordinal);
        }

        var hospital = new HospitalCode("H01001");
        Assert.Contains(hospital, sample.Bidders.Select(b => b.Code));
        var rows = sample.RoundOneRows(hospital).Select(r => r.ToArray()).ToList();
        rows[1][1] = "abc";
        var workbook = BiddingWorkbooks.Bids(rows, withWithdraw: false);

        var page = await NewPageAsync();
        await SignInAsync(page, "clerk.h01001");
        await page.GotoAsync(new Uri(fixture.Root, "console/#/upload").ToString());
        await page.WaitForSelectorAsync($"option[value='{campaignId}']", new() { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("select[name=campaign]", campaignId);
        await page.SetInputFilesAsync("input[type=file]", new FilePayload { Name = "报价.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = workbook });
        await page.ClickAsync("#upload-form button[type=submit]");
        var reportRow = page.Locator("#upload-result tr", new() { HasText = "申报价格" });
        await reportRow.First.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Contains("3", await reportRow.First.Locator("td").Nth(1).InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "upload-report");

        // Each re-upload replaces the round's submission (the list does not grow): the second and the third upload of the
        // round each show their own report in under 5 s (issue 20).
        foreach (var (attempt, row, bad, column) in new[] { (2, 4, "xyz", "6"), (3, 2, "uvw", "4") })
        {
            rows = sample.RoundOneRows(hospital).Select(r => r.ToArray()).ToList();
            rows[row][1] = bad;
            await page.SetInputFilesAsync("input[type=file]", new FilePayload { Name = $"报价-第{attempt}次.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = BiddingWorkbooks.Bids(rows, withWithdraw: false) });
            var resent = System.Diagnostics.Stopwatch.StartNew();
            await page.ClickAsync("#upload-form button[type=submit]");
            var newRow = page.Locator("#upload-result tr", new() { HasText = bad });
            await newRow.First.WaitForAsync(new() { Timeout = 5_000 });
            Assert.Contains(column, await newRow.First.Locator("td").Nth(1).InnerTextAsync(), StringComparison.Ordinal);
            output.WriteLine($"upload {attempt} answered in {resent.Elapsed.TotalSeconds:F1} s");
        }

        // An expired sign-in says so instead of showing empty pages.
        await page.EvaluateAsync("t => sessionStorage.setItem('console.token', t)", new DevTokens(ConsoleFixture.SigningKey).Issue("clerk.h01001", Roles.Hospital, "H01001", DateTimeOffset.UtcNow.AddMinutes(-1)));
        await page.GotoAsync(new Uri(fixture.Root, "console/#/new-items").ToString());
        await page.WaitForSelectorAsync("#session-expired");
        await SignInAsync(page, "clerk.h01001");

        // A clerk has no officials' pages; the officials' campaign pages, for the reviewer.
        Assert.Equal(0, await page.Locator("#nav a[href='#/tasks']").CountAsync());
        await page.ClickAsync("#signout");
        await SignInAsync(page, "li.price");
        await page.GotoAsync(new Uri(fixture.Root, "console/#/campaigns").ToString());
        await page.WaitForSelectorAsync($"a:text-is('{campaignId}')");
        // Statuses and phases in Chinese on a Chinese page, not the API's identifiers.
        var campaignRow = await page.Locator("tr", new() { Has = page.Locator($"a:text-is('{campaignId}')") }).InnerTextAsync();
        Assert.Contains("进行中", campaignRow, StringComparison.Ordinal);
        Assert.Contains("第一轮报价", campaignRow, StringComparison.Ordinal);
        Assert.DoesNotContain("Running", campaignRow, StringComparison.Ordinal);
        await ShotAsync(page, "campaigns");
        await page.ClickAsync($"a:text-is('{campaignId}')");
        await page.WaitForSelectorAsync($"h1:has-text('批次 {campaignId}')");
        await ShotAsync(page, "campaign");
        await page.CloseAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return page;
    }

    private async Task SignInAsync(IPage page, string user)
    {
        await page.GotoAsync(new Uri(fixture.Root, "console/").ToString());
        await page.ClickAsync($"button[data-user='{user}']");
        await page.WaitForSelectorAsync("#who:has-text('" + user + "')");
    }

    private Task ShotAsync(IPage page, string name) => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Screenshots, name + ".png"), FullPage = true });

    private HttpClient Client(string role, string? hospital)
    {
        var client = new HttpClient { BaseAddress = fixture.Root };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Issue($"{role}.api", role, hospital, DateTimeOffset.UtcNow.AddHours(1)));
        return client;
    }

    private async Task<string> SubmitGreenApplicationAsync(string hospital, string name, string? hospitalName = null, long volume = 60)
    {
        using var price = Client(Roles.PriceOffice, null);
        Assert.Equal(HttpStatusCode.OK, (await price.PutAsJsonAsync("api/new-items/positions", new[] { new PositionForm(hospital, 600, 6, 60_000_000m, 300_000m) })).StatusCode);
        using var clerk = Client(Roles.Hospital, hospital);
        var form = new ApplicationForm(hospital, name, $"{name}：国家区域医疗中心引进的重点技术", 3_000m, volume, "治疗类", false, ["可行性报告.pdf"], null, false, true, false, hospitalName);
        var response = await clerk.PostAsJsonAsync("api/new-items", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<NewItemEndpoints.SubmitResult>(Json))!.ApplicationId;
        for (var i = 0; i < 150; i++)
        {
            var view = await price.GetFromJsonAsync<NewItemEndpoints.ApplicationView>($"api/new-items/{id}", Json);
            if (view!.Progress?.OpenWaits.Count == 2)
            {
                return id;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Application {id} did not reach its reviews.");
    }
}

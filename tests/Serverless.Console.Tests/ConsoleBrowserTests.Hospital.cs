using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Serverless.Azurite;
using Serverless.Domain.Bidding;
using Serverless.Domain.NewItems;
using Serverless.Domain.Tabular;
using Serverless.Functions.Bidding;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Console.Tests;

/// <summary>Issue 20's hospital clerk: the workbench of bidding rounds and new-item applications, in a real browser.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task A_clerk_sees_the_open_round_downloads_its_template_uploads_files_an_application_and_resubmits_it_when_returned()
    {
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 5, Leagues: 1, HospitalsPerLeague: 3, Items: 12, BadRowShare: 0, QuirkShare: 0));
        var hospital = new HospitalCode("H01001");
        Assert.Contains(hospital, sample.Bidders.Select(b => b.Code));
        var campaignId = await StartCampaignAsync(sample, "clerk");
        using var price = Client(Roles.PriceOffice, null);

        // The open round with its deadline in Beijing time and a countdown.
        var page = await NewPageAsync();
        await SignInAsync(page, "clerk.h01001");
        await page.GotoAsync(new Uri(fixture.Root, "console/#/upload").ToString());
        var roundRow = page.Locator("#hos-rounds tr", new() { HasText = campaignId });
        await roundRow.WaitForAsync();
        var roundText = await roundRow.InnerTextAsync();
        Assert.Contains("北京时间", roundText, StringComparison.Ordinal);
        Assert.Matches(@"\d{2}:\d{2}:\d{2}", await roundRow.Locator("[data-countdown]").InnerTextAsync());

        // The template, named after the campaign, opens as the bid workbook pre-filled with the scope's items.
        var download = await page.RunAndWaitForDownloadAsync(() => roundRow.Locator("a[data-download]").ClickAsync());
        Assert.Equal($"{campaignId}-round-1-H01001-bid-template.xlsx", download.SuggestedFilename);
        await using (var template = File.OpenRead(await download.PathAsync()))
        {
            var read = new WorkbookReader().ReadSheet(template, download.SuggestedFilename, WorkbookSchemas.Bids);
            Assert.True(read.IsReadable);
            Assert.Equal(sample.Scope.Items.Select(i => i.Code.Value), read.Sheet!.Rows.Select(r => r.Cells[WorkbookSchemas.Bids.IndexOf("item_code")]));
        }

        // The upload is answered with its report, and lands in the history as the round's counted upload.
        var rows = sample.RoundOneRows(hospital).Select(r => r.ToArray()).ToList();
        Assert.NotEmpty(rows);
        rows[0][1] = "abc";
        await page.SelectOptionAsync("select[name=campaign]", campaignId);
        await page.SetInputFilesAsync("input[type=file]", new FilePayload { Name = "报价.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = BiddingWorkbooks.Bids(rows, withWithdraw: false) });
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.Locator("#upload-result tr", new() { HasText = "abc" }).First.WaitForAsync(new() { Timeout = 30_000 });
        var historyRow = page.Locator("#hos-history tbody tr", new() { HasText = "计入" });
        await historyRow.First.WaitForAsync(new() { Timeout = 10_000 });
        var cells = historyRow.First.Locator("td");
        Assert.Equal("1", await cells.Nth(0).InnerTextAsync());
        Assert.Contains("北京时间", await cells.Nth(1).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal((rows.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await cells.Nth(3).InnerTextAsync());
        Assert.Equal("1", await cells.Nth(4).InnerTextAsync());
        Assert.Empty(await RawIdentifiersAsync(page));
        await ShotAsync(page, "clerk-upload");

        // A new-item application filed from the form reaches its reviews, shown by their Chinese names.
        Assert.Equal(HttpStatusCode.OK, (await price.PutAsJsonAsync("api/new-items/positions", new[] { new PositionForm("H01001", 600, 6, 60_000_000m, 300_000m) })).StatusCode);
        var name = $"远程心电监测（{campaignId[^6..]}）";
        await page.GotoAsync(new Uri(fixture.Root, "console/#/new-items").ToString());
        await page.WaitForSelectorAsync("#new-item-form");
        await page.FillAsync("#new-item-form [name=proposedName]", name);
        await page.FillAsync("#new-item-form [name=description]", "国家区域医疗中心引进的重点技术");
        await page.FillAsync("#new-item-form [name=expectedPrice]", "3000");
        await page.FillAsync("#new-item-form [name=expectedAnnualVolume]", "60");
        await page.FillAsync("#new-item-form [name=attachments]", "可行性报告.pdf");
        await page.CheckAsync("#new-item-form [name=nationalRegionalCentreKeyService]");
        await page.ClickAsync("#new-item-form button[type=submit]");
        await page.WaitForSelectorAsync("#new-item-form .message .ok");
        var id = Regex.Match(await page.InnerTextAsync("#new-item-form .message"), @"已提交申请 (\S+)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(id));
        var appRow = page.Locator("#hos-apps tr", new() { HasText = name });
        await appRow.Locator(".hos-step:has-text('价格审核')").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Matches(@"\d{4}-\d{2}-\d{2}", await appRow.Locator("td").Nth(4).InnerTextAsync());

        // The price office returns it with a reason (the health commission approves its step): the clerk sees 已退回 and why.
        using (var health = Client(Roles.HealthCommission, null))
        {
            Assert.True((await price.PostAsJsonAsync($"api/new-items/{id}/decisions", new DecisionRequest("PriceReview", "return", "请补充成本测算依据"))).IsSuccessStatusCode);
            Assert.True((await health.PostAsJsonAsync($"api/new-items/{id}/decisions", new DecisionRequest("TechnicalReview", "approve", null))).IsSuccessStatusCode);
        }

        for (var i = 0; i < 150 && (await price.GetFromJsonAsync<NewItemEndpoints.ApplicationView>($"api/new-items/{id}", Json))!.Progress?.OpenWaits.Any(w => w.Step == "Resubmission") != true; i++)
        {
            await Task.Delay(200);
        }

        await page.ReloadAsync();
        await appRow.Locator("button[data-resubmit]").WaitForAsync(new() { Timeout = 30_000 });
        var returnedText = await appRow.InnerTextAsync();
        Assert.Contains("已退回", returnedText, StringComparison.Ordinal);
        Assert.Contains("请补充成本测算依据", returnedText, StringComparison.Ordinal);
        Assert.Empty(await RawIdentifiersAsync(page));
        await ShotAsync(page, "clerk-returned");

        // The resubmission dialog takes focus and Esc closes it; sent from the page, the step moves back to the price review.
        await appRow.Locator("button[data-resubmit]").ClickAsync();
        await page.WaitForSelectorAsync("#hos-resubmit[open]");
        Assert.True(await page.EvaluateAsync<bool>("() => !!document.activeElement.closest('#hos-resubmit')"));
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForSelectorAsync("#hos-resubmit", new() { State = WaitForSelectorState.Detached });
        await appRow.Locator("button[data-resubmit]").ClickAsync();
        // Pre-filled with the application as filed.
        Assert.Equal("3000", await page.InputValueAsync("#hos-resubmit [name=expectedPrice]"));
        Assert.Equal(name, await page.InputValueAsync("#hos-resubmit [name=proposedName]"));
        await page.FillAsync("#hos-resubmit [name=description]", "国家区域医疗中心引进的重点技术；已补充成本测算依据");
        await page.FillAsync("#hos-resubmit [name=expectedPrice]", "2800");
        await page.FillAsync("#hos-resubmit [name=expectedAnnualVolume]", "60");
        await page.FillAsync("#hos-resubmit [name=attachments]", "可行性报告.pdf\n成本测算表.xlsx");
        await page.CheckAsync("#hos-resubmit [name=nationalRegionalCentreKeyService]");
        await page.ClickAsync("#hos-resubmit button[type=submit]");
        await appRow.Locator(".hos-step[data-phase='PriceReview']:text-is('价格审核')").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal(0, await appRow.Locator("button[data-resubmit]").CountAsync());
        Assert.DoesNotContain("已退回", await appRow.InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "clerk-resubmitted");

        // At phone width neither page scrolls sideways.
        await page.SetViewportSizeAsync(390, 844);
        foreach (var path in new[] { "upload", "new-items" })
        {
            await page.GotoAsync(new Uri(fixture.Root, $"console/#/{path}").ToString());
            await page.WaitForSelectorAsync("#view h1");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, $"#/{path} scrolls sideways at 390 px");
            await ShotAsync(page, $"clerk-390-{path}");
        }

        await page.CloseAsync();
    }

    [Fact]
    public async Task A_clerk_uploads_an_application_workbook_beside_the_form_and_sees_the_application_it_started_and_each_refused_row_with_its_reason()
    {
        var unique = UniqueNames.Unique("wb")[^6..];
        // Half-width brackets: the reader folds full-width forms, so a name written with （） comes back with ().
        var name = $"磁控胶囊胃镜检查-{unique}";
        string[] headers = [.. NewItemSheets.Applications.Columns.Take(8).Select(c => c.ChineseHeader)];
        var workbook = WorkbookWriter.ToBytes([new SheetTable(NewItemSheets.Applications.ChineseName, [.. headers.Select(h => new TableColumn(h))],
        [
            ["H01001", name, "磁控胶囊胃镜检查", "680", "500", "检查类", "否", "可行性报告.pdf"],
            ["H01001", "缺少价格的申请", "缺少价格", "", "100", "检查类", "否", "报告.pdf"],
        ])]);
        var file = new FilePayload { Name = $"申请-{unique}.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = workbook };
        var page = await NewPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await SignInAsync(page, "clerk.h01001");
        await page.GotoAsync(new Uri(fixture.Root, "console/#/new-items").ToString());
        await page.WaitForSelectorAsync("#hos-workbook-form");
        // The page has settled (its lists loaded) before it is measured.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", await page.GetAttributeAsync("#hos-workbook-form input[type=file]", "accept"));
        // Beside the form at desktop width.
        var form = await page.Locator("#new-item-form").BoundingBoxAsync();
        var upload = await page.Locator("#hos-workbook-form").BoundingBoxAsync();
        Assert.True(upload!.X > form!.X + form.Width - 1, "The workbook upload is not beside the form at 1440 px.");

        // The template, titled with the hospital's code, reads as an application sheet with every column.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#hos-workbook-template"));
        Assert.Equal("H01001-新增项目申请模板.xlsx", download.SuggestedFilename);
        await using (var template = File.OpenRead(await download.PathAsync()))
        {
            var read = new WorkbookReader().ReadSheet(template, download.SuggestedFilename, NewItemSheets.Applications);
            Assert.True(read.IsReadable);
            Assert.All(NewItemSheets.Applications.Columns, c => Assert.True(read.Sheet!.Has(c.Key), c.Key));
        }

        await page.SetInputFilesAsync("#hos-workbook-form input[type=file]", file);
        await page.ClickAsync("#hos-workbook-form button[type=submit]");

        var started = page.Locator("#hos-workbook-result tr", new() { HasText = name });
        await started.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Matches(@"^ni-H01001-", await started.Locator("a").InnerTextAsync());
        var refused = page.Locator("#hos-workbook-result tr", new() { HasText = "预期价格" });
        var cells = refused.Locator("td");
        Assert.Equal("3", await cells.Nth(0).InnerTextAsync());
        Assert.Equal("预期价格", await cells.Nth(1).InnerTextAsync());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", await cells.Nth(3).InnerTextAsync());
        await page.Locator("#hos-apps tr", new() { HasText = name }).WaitForAsync();
        Assert.Empty(await RawIdentifiersAsync(page));
        await ShotAsync(page, "clerk-workbook");

        // The same name again is refused, in Chinese; at phone width the page does not scroll sideways.
        await page.SetInputFilesAsync("#hos-workbook-form input[type=file]", file);
        await page.ClickAsync("#hos-workbook-form button[type=submit]");
        await page.WaitForSelectorAsync("#hos-workbook-result .error:has-text('已上传过同名工作簿')");
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "#/new-items scrolls sideways at 390 px");
        await ShotAsync(page, "clerk-390-workbook");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Once_round_one_closes_a_clerk_reads_its_reference_prices_by_item_name_with_the_money_right_aligned_at_1440_and_390_px()
    {
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 9, Leagues: 1, HospitalsPerLeague: 3, Items: 8, BadRowShare: 0, QuirkShare: 0));
        var hospital = new HospitalCode("H01001");
        Assert.Contains(hospital, sample.Bidders.Select(b => b.Code));
        var campaignId = await StartCampaignAsync(sample, "refp");
        using var price = Client(Roles.PriceOffice, null);
        // Every invited hospital bids, so round 1 closes at once.
        foreach (var bidder in sample.Bidders)
        {
            using var clerk = Client(Roles.Hospital, bidder.Code.Value);
            Assert.Equal(HttpStatusCode.Accepted, (await clerk.PutAsync($"api/campaigns/{campaignId}/rounds/1/bids", new ByteArrayContent(sample.BidWorkbook(bidder.Code, 1)))).StatusCode);
        }

        await UntilStatusAsync(price, campaignId, s => s.Progress?.Phase == "Round2");
        using var own = Client(Roles.Hospital, hospital.Value);
        var expected = (await own.GetFromJsonAsync<HospitalReferencePrices>($"api/campaigns/{campaignId}/hospitals/{hospital.Value}/reference-prices", Json))!.Items.Items;
        var first = expected.First(r => r.ReferenceTier3Price is not null);

        var page = await NewPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await SignInAsync(page, "clerk.h01001");
        await page.GotoAsync(new Uri(fixture.Root, "console/#/upload").ToString());
        await page.WaitForSelectorAsync("#hos-history-campaign");
        await page.SelectOptionAsync("#hos-history-campaign", campaignId);
        var row = page.Locator("#hos-reference tbody tr", new() { HasText = first.Item! });
        await row.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal(expected.Count, await page.Locator("#hos-reference tbody tr").CountAsync());
        var cells = row.Locator("td");
        Assert.Contains(sample.Catalog.Items[new ItemCode(first.Item!)].Name, await cells.Nth(1).InnerTextAsync(), StringComparison.Ordinal);
        static string Money(decimal value) => value.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture) + " 元";
        Assert.Equal(Money(first.ReferenceTier3Price!.Value), await cells.Nth(3).InnerTextAsync());
        Assert.Equal(Money(first.ReferencePriceAtTier!.Value), await cells.Nth(4).InnerTextAsync());
        foreach (var column in new[] { 2, 3, 4 })
        {
            Assert.Equal("right", await cells.Nth(column).EvaluateAsync<string>("e => getComputedStyle(e).textAlign"));
        }

        Assert.Empty(await RawIdentifiersAsync(page));
        await ShotAsync(page, "clerk-reference-prices");

        // At phone width the table scrolls inside its own box, never the page.
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "#/upload scrolls sideways at 390 px");
        Assert.True(await page.Locator("#hos-reference .table-scroll").IsVisibleAsync());
        await ShotAsync(page, "clerk-390-reference-prices");
        await page.CloseAsync();
    }
}

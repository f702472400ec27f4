using Serverless.Functions.Security;

namespace Serverless.Console.Tests;

/// <summary>Issue 20's audit search: the office head finds a campaign's start in Chinese and 北京时间; another office has no such page.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task The_office_head_finds_a_campaign_start_in_the_audit_trail_and_the_fund_office_is_refused()
    {
        // The price office uploads a scope and starts a campaign through the API (StartSmallCampaignAsync, in the sweep's file).
        var campaignId = await StartSmallCampaignAsync();

        var page = await NewPageAsync();
        await SignInAsync(page, "zhao.head");
        Assert.Equal(1, await page.Locator("#nav a[href='#/audit']:text-is('审计日志')").CountAsync());
        await page.GotoAsync(new Uri(fixture.Root, "console/#/audit").ToString());
        await page.WaitForSelectorAsync("#aud-form");
        await page.FillAsync("#aud-form input[name=instance]", campaignId);
        await page.SelectOptionAsync("#aud-form select[name=action]", "campaign.start");
        await page.ClickAsync("#aud-form button[type=submit]");
        var row = page.Locator("#aud-table tbody tr");
        await page.WaitForSelectorAsync($"#aud-results[data-query='action=campaign.start&instance={campaignId}&pageSize=50'] #aud-table");
        Assert.Equal(1, await row.CountAsync());
        Assert.Equal("启动批次", (await row.Locator("td[data-k=action]").InnerTextAsync()).Trim());
        Assert.Contains($"{Roles.PriceOffice}.api", await row.Locator("td[data-k=who]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("价格处", await row.Locator("td[data-k=who]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.EndsWith("北京时间", (await row.Locator("td[data-k=when]").InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.Equal($"#/campaign/{campaignId}", await row.Locator("td[data-k=instance] a").GetAttributeAsync("href"));
        Assert.Equal("报价窗口 900 秒", (await row.Locator("td[data-k=details]").InnerTextAsync()).Trim());
        Assert.DoesNotContain("campaign.start", await page.Locator("#view").InnerTextAsync(), StringComparison.Ordinal);

        // Every action on the campaign: the scope upload too, each with its Chinese label.
        await page.SelectOptionAsync("#aud-form select[name=action]", "");
        await page.ClickAsync("#aud-form button[type=submit]");
        await page.WaitForSelectorAsync($"#aud-results[data-query='instance={campaignId}&pageSize=50'] tr[data-action='campaign.scope.upload'] td[data-k=action] .aud-v:text-is('上传批次范围表')");
        Assert.Equal(2, await row.CountAsync());
        await ShotAsync(page, "audit");

        // 21 entries in pages of 20: 下一页 shows the last one, 上一页 the first twenty again; each entry once.
        var prefix = Serverless.Azurite.UniqueNames.Unique("audpage");
        using (var price = Client(Roles.PriceOffice, null))
        {
            for (var i = 0; i < 21; i++)
            {
                Assert.Equal(System.Net.HttpStatusCode.NoContent, (await price.PutAsync($"api/campaigns/{prefix}-{i}/scope", new ByteArrayContent([1]))).StatusCode);
            }
        }

        await page.FillAsync("#aud-form input[name=instance]", $"{prefix}-*");
        await page.SelectOptionAsync("#aud-form select[name=pageSize]", "20");
        await page.ClickAsync("#aud-form button[type=submit]");
        var paged = $"#aud-results[data-query='instance={prefix}-*&pageSize=20']";
        await page.WaitForSelectorAsync($"{paged}[data-page='1'] #aud-next");
        var first = await row.Locator("td[data-k=instance]").AllInnerTextsAsync();
        await page.ClickAsync("#aud-next");
        await page.WaitForSelectorAsync($"{paged}[data-page='2'] #aud-prev");
        var second = await row.Locator("td[data-k=instance]").AllInnerTextsAsync();
        Assert.Equal(0, await page.Locator("#aud-next").CountAsync());
        Assert.Equal(Enumerable.Range(0, 21).Select(i => $"{prefix}-{i}").Order(StringComparer.Ordinal), first.Concat(second).Select(s => s.Trim()).Order(StringComparer.Ordinal));
        Assert.Equal(20, first.Count);
        await page.ClickAsync("#aud-prev");
        await page.WaitForSelectorAsync($"{paged}[data-page='1'] #aud-next");
        Assert.Equal(first, await row.Locator("td[data-k=instance]").AllInnerTextsAsync());

        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the audit page scrolls sideways at 390 px");
        await ShotAsync(page, "audit-390");
        await page.SetViewportSizeAsync(1280, 900);

        // A bound refused by the API reads as its translated code.
        await page.FillAsync("#aud-form input[name=from]", "2027-03-02");
        await page.FillAsync("#aud-form input[name=to]", "2027-03-01");
        await page.ClickAsync("#aud-form button[type=submit]");
        await page.WaitForSelectorAsync("#aud-error:text-is('起始日期不能晚于截止日期')");

        await page.ClickAsync("#signout");
        await SignInAsync(page, "sun.fund");
        Assert.Equal(0, await page.Locator("#nav a[href='#/audit']").CountAsync());
        await page.GotoAsync(new Uri(fixture.Root, "console/#/audit").ToString());
        await page.WaitForSelectorAsync("#aud-forbidden:has-text('无权限')");
        Assert.Equal(0, await page.Locator("#aud-table").CountAsync());
        await page.CloseAsync();
    }
}

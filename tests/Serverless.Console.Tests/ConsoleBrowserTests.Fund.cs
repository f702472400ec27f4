using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Serverless.Domain.Calendar;
using Serverless.Domain.ReserveFund;
using Serverless.Functions.Hosting;
using Serverless.Functions.ReserveFund;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Console.Tests;

/// <summary>Issue 20's reserve-fund pages: the fund office's statements upload and year, a finance office's confirmation dialog.</summary>
public sealed partial class ConsoleBrowserTests
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Fact]
    public async Task The_fund_office_uploads_statements_and_a_finance_office_confirms_a_transfer_in_a_dialog()
    {
        // This year's collection (an arrival date must fall in it and not after today), started as the January timer would.
        var today = ChinaTime.ToChinaDate(DateTimeOffset.UtcNow);
        var year = today.Year;
        var start = new FundCollectionStart(InsuranceType.Employees, year, FundParameters.Default);
        await fixture.App.Services.GetRequiredService<DurableTaskClient>().StartNewAsync(FundCollectionOrchestration.Name, start, start.InstanceId, CancellationToken.None);
        using var fundApi = Client(Roles.FundOffice, null);
        await UntilFundAsync(fundApi, year, v => v?.Progress?.Phase == "AwaitingStatements");

        var page = await NewPageAsync();
        await SignInAsync(page, "sun.fund");
        await page.GotoAsync(new Uri(fixture.Root, $"console/#/fund?fund=employees&year={year}").ToString());
        await page.WaitForSelectorAsync("#fund-phase[data-phase='AwaitingStatements']");
        Assert.Equal("等待上传基金收支表", await page.Locator("#fund-phase").InnerTextAsync());
        Assert.Equal(year.ToString(CultureInfo.InvariantCulture), await page.Locator("#fund-year").InputValueAsync());

        // A negative revenue in 150200's row: the workbook is refused and the row, column, value and reason are listed in Chinese.
        await page.SetInputFilesAsync("#fund-upload input[type=file]", new FilePayload { Name = "基金收支.xlsx", MimeType = Xlsx, Buffer = Statements(-5m) });
        await page.ClickAsync("#fund-upload button[type=submit]");
        await page.WaitForSelectorAsync("#fund-issues");
        var issue = page.Locator("#fund-issues tbody tr");
        Assert.Equal(1, await issue.CountAsync());
        Assert.Equal(["基金收支", "3", "统筹基金收入（不含个人账户）", "-5", "统筹基金收入（不含个人账户）不能为负数"], await issue.Locator("td").AllInnerTextsAsync());
        await ShotAsync(page, "fund-statements-refused");

        // The corrected workbook: the contributions come back, each amount as the API has it, written 1,234.56 元 and right-aligned.
        await page.SetInputFilesAsync("#fund-upload input[type=file]", new FilePayload { Name = "基金收支.xlsx", MimeType = Xlsx, Buffer = Statements(2_000_000m) });
        await page.ClickAsync("#fund-upload button[type=submit]");
        await page.WaitForSelectorAsync("#fund-upload-result .ok", new() { Timeout = 40_000 });
        var view = await UntilFundAsync(fundApi, year, v => v?.Contributions.Count == 3);
        await page.WaitForSelectorAsync("#fund-contributions tbody tr >> nth=2");
        foreach (var contribution in view.Contributions)
        {
            var row = page.Locator($"#fund-contributions tr[data-region='{contribution.Region}'] td");
            Assert.Equal(Yuan(contribution.Amount), await row.Nth(1).InnerTextAsync());
            Assert.Equal("right", await row.Nth(1).EvaluateAsync<string>("e => getComputedStyle(e).textAlign"));
            Assert.Equal("待确认", await row.Nth(2).InnerTextAsync());
        }

        Assert.Equal("60,000.00 元", Yuan(view.Contributions.Single(c => c.Region == "150200").Amount));
        Assert.Equal(0, await page.Locator("button[data-fund-confirm]").CountAsync());
        Assert.Contains("150100 上解通知", await page.Locator("#fund-files").InnerTextAsync(), StringComparison.Ordinal);
        var notice = await page.RunAndWaitForDownloadAsync(() => page.Locator("#fund-files a[data-download]").First.ClickAsync());
        Assert.EndsWith(".xlsx", notice.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator("#fund-chain").GetAttributeAsync("data-intact"));
        Assert.Contains("哈希链校验", await page.Locator("#fund-chain").InnerTextAsync(), StringComparison.Ordinal);
        var text = await page.Locator("#view").InnerTextAsync();
        Assert.All(new[] { "AwaitingTransfers", "Running", "Employees", "contribution" }, word => Assert.DoesNotContain(word, text, StringComparison.Ordinal));
        await ShotAsync(page, "fund-office");
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the fund page scrolls sideways at 390 px");
        await ShotAsync(page, "fund-office-390");
        await page.SetViewportSizeAsync(1280, 900);

        // A regional finance office (呼和浩特市, 150100) sees its own region's confirm button only; the API refuses it another region's.
        await page.ClickAsync("#signout");
        await SignInAsync(page, "wu.finance");
        await page.GotoAsync(new Uri(fixture.Root, $"console/#/fund?fund=employees&year={year}").ToString());
        var confirm = "button[data-fund-confirm][data-region='150100']";
        await page.WaitForSelectorAsync(confirm);
        Assert.Equal(1, await page.Locator("button[data-fund-confirm]").CountAsync());
        Assert.Equal("150100", await page.InnerTextAsync("#fund-own-region b"));
        var forged = await page.EvaluateAsync<int>(@"async year => (await fetch('/api/fund/employees/' + year + '/transfers/150200/confirm', { method: 'POST',
            headers: { Authorization: 'Bearer ' + sessionStorage.getItem('console.token') } })).status", year);
        Assert.Equal(403, forged);

        // Its confirmation dialog shows what the API says; Esc closes it and the focus comes back to the button.
        await page.ClickAsync(confirm);
        await page.WaitForSelectorAsync("#fund-dialog[open]");
        Assert.True(await page.EvaluateAsync<bool>("document.activeElement.closest('#fund-dialog') !== null"), "the focus did not move into the dialog");
        var own = view.Contributions.Single(c => c.Region == "150100");
        Assert.Equal(["职工", year.ToString(CultureInfo.InvariantCulture), "150100", Yuan(own.Amount)],
            [await page.InnerTextAsync("#fund-d-fund"), await page.InnerTextAsync("#fund-d-year"), await page.InnerTextAsync("#fund-d-region"), await page.InnerTextAsync("#fund-d-amount")]);
        Assert.Equal("30,000.00 元", Yuan(own.Amount));
        await ShotAsync(page, "fund-confirm-dialog");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForSelectorAsync("#fund-dialog:not([open])", new() { State = WaitForSelectorState.Attached });
        Assert.Equal("150100", await page.EvaluateAsync<string>("document.activeElement.dataset.region"));

        // A voucher number the API refuses is explained in Chinese; a good one confirms, and the row says so with the receipt.
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.ClickAsync(confirm);
        await page.FillAsync("#fund-dialog input[name=arrival]", day);
        await page.FillAsync("#fund-dialog input[name=voucher]", "凭证#1");
        await page.ClickAsync("#fund-dialog button[type=submit]");
        await page.WaitForSelectorAsync("#fund-d-message .error:has-text('凭证号须为 1–40 位字母、数字或 -')");
        await page.FillAsync("#fund-dialog input[name=voucher]", "HH-2026-0042");
        await page.ClickAsync("#fund-dialog button[type=submit]");
        await page.WaitForSelectorAsync("#fund-contributions tr[data-region='150100'] .fund-state:text-is('已确认')");
        var confirmed = await page.Locator("#fund-contributions tr[data-region='150100'] td").AllInnerTextsAsync();
        Assert.Equal((day, "HH-2026-0042", "wu.finance"), (confirmed[3], confirmed[4], confirmed[5]));
        Assert.Equal(0, await page.Locator("button[data-fund-confirm]").CountAsync());
        Assert.Equal("150200、150700", await page.InnerTextAsync("#fund-unconfirmed"));
        Assert.Equal("150100", await page.EvaluateAsync<string>("document.activeElement.closest('tr')?.dataset.region"));
        var stored = (await UntilFundAsync(fundApi, year, v => v!.Contributions.Single(c => c.Region == "150100").Confirmed)).Contributions.Single(c => c.Region == "150100");
        Assert.Equal((day, "HH-2026-0042", "wu.finance"), (stored.ArrivalDate, stored.VoucherNumber, stored.ConfirmedBy));
        Assert.False(view.Contributions.Single(c => c.Region == "150200").Confirmed);
        await ShotAsync(page, "fund-finance-confirmed");

        // Its tasks list no other region's transfer.
        await page.GotoAsync(new Uri(fixture.Root, "console/#/tasks").ToString());
        await page.WaitForSelectorAsync("h2:text-is('调剂金')");
        Assert.Equal(0, await page.Locator("button[data-fund-confirm]").CountAsync());

        // The autonomous region's finance department confirms from its tasks in the same dialog; at phone width neither the page nor the open dialog scrolls sideways.
        await page.ClickAsync("#signout");
        await SignInAsync(page, "zhou.finance");
        await page.GotoAsync(new Uri(fixture.Root, "console/#/tasks").ToString());
        var task = $"button[data-fund-confirm][data-year='{year}'][data-region='150200']";
        await page.SetViewportSizeAsync(390, 844);
        await page.ClickAsync(task);
        await page.WaitForSelectorAsync("#fund-dialog[open]");
        Assert.Equal("60,000.00 元", await page.InnerTextAsync("#fund-d-amount"));
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the tasks page scrolls sideways at 390 px");
        Assert.True(await page.EvaluateAsync<double>("document.getElementById('fund-dialog').getBoundingClientRect().right") <= 390, "the dialog is wider than the phone");
        await ShotAsync(page, "fund-confirm-dialog-390");
        await page.FillAsync("#fund-dialog input[name=arrival]", day);
        await page.FillAsync("#fund-dialog input[name=voucher]", "NM-2026-0043");
        await page.ClickAsync("#fund-dialog button[type=submit]");
        await page.WaitForSelectorAsync("#view .ok:text-is('已确认')");
        Assert.Equal("NM-2026-0043", (await UntilFundAsync(fundApi, year, v => v!.Contributions.Single(c => c.Region == "150200").Confirmed)).Contributions.Single(c => c.Region == "150200").VoucherNumber);
        await page.SetViewportSizeAsync(1280, 900);

        // The last region confirmed (without a receipt, as older clients do): the year completes; the fund office sees the
        // annual report, the ledger's entries and balance as the API's, intact.
        using (var finance = Client(Roles.FinanceOffice, null))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await finance.PostAsync($"api/fund/employees/{year}/transfers/150700/confirm", null)).StatusCode);
        }

        await UntilFundAsync(fundApi, year, v => v!.RuntimeStatus == "Completed");
        var ledger = (await fundApi.GetFromJsonAsync<FundEndpoints.LedgerView>("api/fund/employees/ledger", Json))!;
        await page.ClickAsync("#signout");
        await SignInAsync(page, "sun.fund");
        await page.GotoAsync(new Uri(fixture.Root, $"console/#/fund?fund=employees&year={year}").ToString());
        await page.WaitForSelectorAsync("#fund-phase[data-phase='Completed']");
        Assert.Equal("已完成", await page.InnerTextAsync("#fund-phase"));
        Assert.Contains("年度报告", await page.InnerTextAsync("#fund-files"), StringComparison.Ordinal);
        Assert.True(ledger.Intact);
        Assert.Equal(ledger.Entries.Count, await page.Locator("#fund-ledger tbody tr").CountAsync());
        Assert.Equal(Yuan(ledger.Balance), await page.InnerTextAsync("#fund-balance"));
        Assert.Contains($"完整，共 {ledger.Entries.Count} 笔", await page.InnerTextAsync("#fund-chain"), StringComparison.Ordinal);
        Assert.Contains("上解", await page.Locator("#fund-ledger").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator(".fund-chart svg rect.fund-bar").CountAsync());
        var deficit = (await UntilFundAsync(fundApi, year, _ => true)).Summary!.Deficits.Single(d => d.Region == "150200");
        Assert.Equal(["150200", Yuan(deficit.Deficit), Yuan(deficit.FromSurplus), Yuan(deficit.ReserveDue), Yuan(deficit.ReservePaid), Yuan(deficit.Government)],
            await page.Locator("#fund-deficits tbody tr", new() { HasText = "150200" }).Locator("td").AllInnerTextsAsync());
        Assert.DoesNotContain("contribution", await page.Locator("#view").InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "fund-year-completed");
        await page.ClickAsync("#lang");
        await page.WaitForSelectorAsync("h1:text-is('Reserve fund')");
        Assert.Equal(("Completed", "Employees · Ledger"), (await page.InnerTextAsync("#fund-phase"), await page.InnerTextAsync("#fund-ledger-view h2")));
        Assert.Contains("Annual report", await page.InnerTextAsync("#fund-files"), StringComparison.Ordinal);
        Assert.Contains("Contribution", await page.InnerTextAsync("#fund-ledger"), StringComparison.Ordinal);
        await ShotAsync(page, "fund-year-completed-en");
        await page.ClickAsync("#lang");
        await page.WaitForSelectorAsync("h1:text-is('调剂金')");
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the completed fund page scrolls sideways at 390 px");
        await ShotAsync(page, "fund-year-completed-390");
        await page.CloseAsync();
    }

    private static string Yuan(decimal amount) => amount.ToString("#,##0.00", CultureInfo.InvariantCulture) + " 元";

    /// <summary>Three regions' statements (150100 contributes 30,000.00, 150200 60,000.00, 150700 15,000.02), with 150200's revenue as given.</summary>
    private static byte[] Statements(decimal revenue150200) => WorkbookWriter.ToBytes([new SheetTable("基金收支",
        [.. FundSheets.Statements.Columns.Select(c => new TableColumn(c.ChineseHeader))],
        [
            ["150100", 1_000_000.00m, 1_500_000m, 900_000m, 200_000m, 3.0m, 0.96m, 1.0m],
            ["150200", revenue150200, 3_000_000m, 2_100_000m, 40_000m, 2.0m, 0.912m, 0.9m],
            ["150700", 500_000.55m, 800_000m, 450_000m, 10_000m, 4.0m, 0.99m, 1.1m],
        ])]);

    private static async Task<FundEndpoints.FundYearView> UntilFundAsync(HttpClient http, int year, Func<FundEndpoints.FundYearView?, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await http.GetAsync($"api/fund/employees/{year}");
            var view = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<FundEndpoints.FundYearView>(Json) : null;
            if (view is not null && done(view))
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The collection did not get there: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Console.Tests;

/// <summary>Issue 20's reviewers' workbench: a price official finds an application in 待办, reads it whole, decides it and finds it in 已办.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task A_price_reviewer_reads_the_whole_application_in_the_inbox_decides_it_with_a_reason_and_finds_it_in_the_done_list()
    {
        const string name = "经皮冠状动脉介入机器人辅助手术";
        var id = await SubmitGreenApplicationAsync("H01003", name, "包头市中心医院", volume: 1_200);
        var page = await NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) => refused.AddRange(message.Text.Contains("Content Security Policy", StringComparison.Ordinal) ? [message.Text] : []);
        await SignInAsync(page, "li.price");
        await page.ClickAsync("#nav a[href='#/inbox']");

        // 待办: the item, its hospital by name and code, the step in Chinese and the deadline in Beijing time.
        var row = page.Locator($"#ibx-todo-table tr[data-app='{id}']");
        await row.WaitForAsync();
        async Task<string> CellAsync(ILocator r, string key) => (await r.Locator($"td[data-k={key}]").InnerTextAsync()).Trim();
        Assert.Equal(name, await CellAsync(row, "name"));
        Assert.Equal("包头市中心医院（H01003）", await CellAsync(row, "hospital"));
        Assert.Equal("价格审核", await CellAsync(row, "step"));
        // The step's last second: the end of its due date.
        using (var api = Client(Roles.PriceOffice, null))
        {
            var dueDate = (await api.GetFromJsonAsync<NewItemEndpoints.ApplicationView>($"api/new-items/{id}", Json))!.Progress!.OpenWaits.Single(w => w.Step == "PriceReview").DueDate;
            Assert.StartsWith($"{dueDate.Year}/{dueDate.Month}/{dueDate.Day} 23:59:59 北京时间", await CellAsync(row, "deadline"), StringComparison.Ordinal);
        }

        Assert.Matches(@"^\(\d+\)$", await page.Locator("[data-count=todo]").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#ibx-tab-overdue").CountAsync());

        // A deadline passed reads 已逾期 in red, one within 2 working days 即将到期 in amber.
        var badges = await page.EvaluateAsync<string[]>(@"() => ['overdue', 'soon'].map(kind => {
            const box = document.createElement('div');
            box.innerHTML = ibxDue('2026-01-05T16:00:00Z', '2026-01-05', kind === 'overdue', kind === 'soon', 1);
            document.querySelector('#ibx-rows').appendChild(box);
            const badge = box.querySelector('.ibx-badge');
            const seen = badge.textContent + ' ' + getComputedStyle(badge).backgroundColor;
            box.remove();
            return seen;
        })");
        Assert.Equal(["已逾期 rgb(180, 35, 24)", "即将到期 rgb(245, 176, 65)"], badges);

        // Opened: the whole application, money as 元 right-aligned, and the step diagram at the reviews.
        await row.Locator("td[data-k=name] a").ClickAsync();
        await page.WaitForSelectorAsync($"#ibx-title:text-is('{name}')");
        Assert.Equal("ibx-title", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        async Task<string> FieldAsync(string label) => (await page.Locator("#ibx-fields .ibx-field", new() { Has = page.Locator($"dt:text-is('{label}')") }).Locator("dd").InnerTextAsync()).Trim();
        Assert.Equal("3,000.00 元", await FieldAsync("预期价格"));
        Assert.Equal("1,200", await FieldAsync("预计年服务量"));
        Assert.Equal("3,600,000.00 元", await FieldAsync("预计年收入"));
        Assert.Equal("治疗类", await FieldAsync("项目类别"));
        Assert.Equal("绿色通道", await FieldAsync("通道"));
        Assert.Contains("可行性报告.pdf", await FieldAsync("附件"), StringComparison.Ordinal);
        Assert.Contains("国家区域医疗中心引进的重点技术", await FieldAsync("项目内涵"), StringComparison.Ordinal);
        Assert.Equal("right", await page.Locator("#ibx-fields .ibx-field.num dd").First.EvaluateAsync<string>("dd => getComputedStyle(dd).textAlign"));
        Assert.Equal("目录中无可兼容的项目。", (await page.Locator("#ibx-detail p.muted").First.InnerTextAsync()).Trim());
        async Task<string> StateAsync(string step) => await page.Locator($"#ibx-steps .ibx-step[data-step='{step}']").GetAttributeAsync("data-state") ?? "";
        Assert.Equal(["done", "current", "current", "upcoming", "upcoming"],
            await Task.WhenAll(new[] { "Submitted", "TechnicalReview", "PriceReview", "Trial", "TrialEvaluation" }.Select(StateAsync)));
        Assert.Contains("价格审核", await page.Locator("#ibx-steps [aria-current=step][data-step=PriceReview]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#ibx-waits button[data-step=TechnicalReview]").CountAsync());
        Assert.DoesNotMatch(InboxRawIdentifiers, await page.Locator("#view").InnerTextAsync());
        await ShotAsync(page, "inbox-item");

        // One panel at a time; focus moves into it, Esc closes it and focus goes back to its button; a return needs a reason.
        var approve = page.Locator($"#ibx-waits button[data-decision=approve][data-step=PriceReview]");
        var giveBack = page.Locator($"#ibx-waits button[data-decision=return][data-step=PriceReview]");
        await giveBack.ClickAsync();
        Assert.Equal("comment", await page.EvaluateAsync<string>("() => document.activeElement.name"));
        await page.ClickAsync("#ibx-panel [data-role=confirm]");
        await page.WaitForSelectorAsync("#ibx-panel .message .error:text-is('请填写理由（驳回、退回、终止时必填）。')");
        await approve.ClickAsync();
        Assert.Equal(1, await page.Locator(".ibx-panel").CountAsync());
        Assert.Contains("同意 — 价格审核", await page.Locator("#ibx-panel-title").InnerTextAsync(), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Escape");
        Assert.Equal(0, await page.Locator(".ibx-panel").CountAsync());
        Assert.Equal("approve", await page.EvaluateAsync<string>("() => document.activeElement.dataset.decision"));

        // At phone width nothing scrolls sideways, the item open.
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the inbox scrolls sideways at 390 px");
        await ShotAsync(page, "inbox-item-390");
        await page.SetViewportSizeAsync(1280, 900);

        // The decision with its reason: the item leaves 待办, the step is ticked, focus is back on the list.
        await approve.ClickAsync();
        await page.FillAsync("#ibx-panel textarea[name=comment]", "价格测算合理");
        await page.ClickAsync("#ibx-panel [data-role=confirm]");
        await page.WaitForSelectorAsync($"#ibx-rows tr[data-app='{id}']", new() { State = WaitForSelectorState.Detached, Timeout = 180_000 });
        await page.WaitForSelectorAsync("#ibx-steps .ibx-step[data-step=PriceReview][data-state=done]");
        await page.WaitForFunctionAsync("() => document.activeElement?.closest('#ibx-list') !== null");
        Assert.Contains("同意", await page.Locator("#ibx-steps .ibx-step[data-step=PriceReview]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("current", await StateAsync("TechnicalReview"));

        // 已办: the decision, its reason and when.
        await page.ClickAsync("#ibx-tab-done");
        var done = page.Locator($"#ibx-done-table tr[data-app='{id}']");
        await done.WaitForAsync();
        Assert.Equal(["价格审核", "同意", "价格测算合理"], await Task.WhenAll(new[] { "step", "decision", "comment" }.Select(k => CellAsync(done, k))));
        Assert.EndsWith("北京时间", await CellAsync(done, "at"), StringComparison.Ordinal);
        Assert.Equal("包头市中心医院（H01003）", await CellAsync(done, "hospital"));
        Assert.DoesNotMatch(InboxRawIdentifiers, await page.Locator("#view").InnerTextAsync());
        await ShotAsync(page, "inbox-done");
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the done list scrolls sideways at 390 px");
        await page.SetViewportSizeAsync(1280, 900);

        // The approval record prints alone: the application and each decision with who, when and why. (The button asks
        // the browser to print; headless Chromium's print would hold the page, so the test counts the request and prints a PDF itself.)
        await page.EvaluateAsync("() => { window.printed = 0; window.print = () => { window.printed++; }; }");
        await page.ClickAsync("#ibx-print");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.printed"));
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.True(await page.Locator("#ibx-record").IsVisibleAsync());
        Assert.False(await page.Locator("header").IsVisibleAsync());
        Assert.False(await page.Locator(".ibx-screen").IsVisibleAsync());
        var record = page.Locator("#ibx-record-decisions tbody tr", new() { HasText = "价格测算合理" });
        Assert.Equal(["价格审核", "同意", "li.price", "价格处"], await Task.WhenAll(new[] { "step", "decision", "who", "role" }.Select(k => CellAsync(record, k))));
        Assert.EndsWith("北京时间", await CellAsync(record, "when"), StringComparison.Ordinal);
        Assert.Contains(name, await page.Locator("#ibx-record").InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "inbox-record");
        await page.PdfAsync(new() { Path = Path.Combine(fixture.Screenshots, "inbox-record.pdf") });
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // In English the same workbench carries English labels.
        await page.ClickAsync("#lang");
        await page.WaitForSelectorAsync("#ibx-tab-todo:has-text('To do')");
        await page.ClickAsync("#lang");
        Assert.Empty(refused);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_reviewer_whose_step_was_decided_meanwhile_is_told_so_and_sees_where_the_application_stands_now()
    {
        var id = await SubmitGreenApplicationAsync("H01004", "远程超声机器人诊断", "鄂尔多斯市中心医院");
        var page = await NewPageAsync();
        await SignInAsync(page, "li.price");
        await page.GotoAsync(new Uri(fixture.Root, $"console/#/inbox?tab=todo&item={id}").ToString());
        await page.ClickAsync("#ibx-waits button[data-decision=approve][data-step=PriceReview]");
        await page.FillAsync("#ibx-panel textarea[name=comment]", "同意");

        // Another price official decides the step first, and the workflow closes it.
        using var other = new HttpClient { BaseAddress = fixture.Root };
        other.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Issue("zhao.price", Roles.PriceOffice, null, DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostAsJsonAsync($"api/new-items/{id}/decisions", new DecisionRequest("PriceReview", "return", "请补充成本测算"))).StatusCode);
        for (var i = 0; i < 300 && (await other.GetFromJsonAsync<NewItemEndpoints.ApplicationView>($"api/new-items/{id}", Json))!.Progress!.OpenWaits.Any(w => w.Step == "PriceReview"); i++)
        {
            await Task.Delay(200);
        }

        await page.ClickAsync("#ibx-panel [data-role=confirm]");
        await page.WaitForSelectorAsync("#ibx-notice:text-is('该环节已由他人办理或已关闭，以下为当前状态。')");
        Assert.Equal("ibx-notice", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Equal(0, await page.Locator(".ibx-panel").CountAsync());
        Assert.Equal(0, await page.Locator("#ibx-waits button[data-step=PriceReview]").CountAsync());
        var decided = page.Locator("#ibx-timeline tbody tr", new() { HasText = "请补充成本测算" });
        Assert.Equal(["价格审核", "退回修改", "zhao.price"], await Task.WhenAll(new[] { "step", "decision", "who" }.Select(async k => (await decided.Locator($"td[data-k={k}]").InnerTextAsync()).Trim())));
        Assert.Equal(0, await page.Locator($"#ibx-todo-table tr[data-app='{id}']").CountAsync());
        Assert.DoesNotMatch(InboxRawIdentifiers, await page.Locator("#view").InnerTextAsync());
        await ShotAsync(page, "inbox-conflict");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_office_head_sees_every_offices_overdue_steps_in_red_with_the_office_that_holds_them()
    {
        // Real deadlines are working days away: the tasks the API gives the office head once two offices' steps are
        // escalated stand in for them (escalated steps are the office head's to decide too).
        static Dictionary<string, object> Escalated(string id, string step, string role, string name, string hospital, string hospitalName) => new()
        {
            ["ApplicationId"] = id, ["WaitId"] = $"{step}-2", ["Step"] = step, ["Role"] = role, ["Allowed"] = "approve,reject,return", ["State"] = "open",
            ["DueDate"] = "2026-11-27", ["ExpiresAt"] = "2026-11-27T16:00:00+00:00", ["Escalated"] = true, ["Overdue"] = true, ["DueSoon"] = false, ["WorkingDaysLeft"] = -4,
            ["ProposedName"] = name, ["Hospital"] = hospital, ["HospitalName"] = hospitalName, ["ApplicationStatus"] = "InReview",
        };
        var tasks = System.Text.Json.JsonSerializer.Serialize(new[]
        {
            Escalated("ni-H01005-0a1b2c3d4e5f", "PriceReview", Roles.PriceOffice, "宫腔镜下子宫内膜修复术", "H01005", "赤峰市医院"),
            Escalated("ni-H01006-0f1e2d3c4b5a", "TechnicalReview", Roles.HealthCommission, "人工智能辅助病理诊断", "H01006", "通辽市医院"),
        });
        var page = await NewPageAsync();
        await page.RouteAsync("**/api/new-items/tasks", route => route.FulfillAsync(new() { ContentType = "application/json", Body = tasks }));
        await SignInAsync(page, "zhao.head");
        await page.GotoAsync(new Uri(fixture.Root, "console/#/inbox").ToString());
        await page.ClickAsync("#ibx-tab-overdue");
        var rows = page.Locator("#ibx-overdue-table tbody tr");
        await rows.First.WaitForAsync();
        Assert.Equal(2, await rows.CountAsync());
        async Task<string> CellAsync(int row, string key) => (await rows.Nth(row).Locator($"td[data-k={key}]").InnerTextAsync()).Trim();
        Assert.Equal(["宫腔镜下子宫内膜修复术", "赤峰市医院（H01005）", "价格审核", "价格处"], await Task.WhenAll(new[] { "name", "hospital", "step", "office" }.Select(k => CellAsync(0, k))));
        Assert.Equal(["人工智能辅助病理诊断", "技术审核", "卫生健康委"], await Task.WhenAll(new[] { "name", "step", "office" }.Select(k => CellAsync(1, k))));
        Assert.Equal("2026/11/27 23:59:59 北京时间 已逾期", await CellAsync(0, "deadline"));
        Assert.Equal("rgb(180, 35, 24)", await rows.First.Locator(".ibx-badge.ibx-overdue").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
        Assert.Equal("(2)", await page.Locator("[data-count=overdue]").InnerTextAsync());
        Assert.Equal("(2)", await page.Locator("[data-count=todo]").InnerTextAsync());
        Assert.DoesNotMatch(InboxRawIdentifiers, await page.Locator("#view").InnerTextAsync());
        await ShotAsync(page, "inbox-overdue");
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the overdue list scrolls sideways at 390 px");
        await ShotAsync(page, "inbox-overdue-390");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_price_reviewer_confirms_a_compatible_item_from_its_scored_candidates_and_the_application_ends_charged_under_it()
    {
        // The catalogue's items match this application only (the other tests' names and descriptions share none of their words).
        using var price = Client(Roles.PriceOffice, null);
        var catalogue = WorkbookWriter.ToBytes([new SheetTable("项目目录", [new TableColumn("项目编码"), new TableColumn("项目名称"), new TableColumn("关键词")],
        [
            ["311400001", "针刺治疗", "针灸"],
            ["311400002", "温针灸", "艾灸"],
        ])]);
        Assert.Equal(HttpStatusCode.OK, (await price.PutAsync("api/new-items/catalogue", new ByteArrayContent(catalogue))).StatusCode);
        using var clerk = Client(Roles.Hospital, "H01007");
        var submitted = await clerk.PostAsJsonAsync("api/new-items", new ApplicationForm("H01007", "电针刺治疗（多穴位）", "含针灸与艾灸的综合治疗", 120m, 500, "中医类", false, ["说明.pdf"], HospitalName: "乌海市中医医院"));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<NewItemEndpoints.SubmitResult>(Json))!.ApplicationId;
        NewItemEndpoints.ApplicationView? view = null;
        for (var i = 0; i < 150 && view?.Progress?.OpenWaits.Any(w => w.Step == "CompatibilityConfirmation") != true; i++)
        {
            await Task.Delay(200);
            view = await price.GetFromJsonAsync<NewItemEndpoints.ApplicationView>($"api/new-items/{id}", Json);
        }

        Assert.Equal([("311400001", "针刺治疗", 40), ("311400002", "温针灸", 10)], view!.Candidates!.Select(c => (c.ItemCode, c.ItemName, c.Score)));
        var page = await NewPageAsync();
        await SignInAsync(page, "li.price");
        await page.GotoAsync(new Uri(fixture.Root, "console/#/inbox").ToString());
        var row = page.Locator($"#ibx-todo-table tr[data-app='{id}']");
        Assert.Equal("兼容性确认", (await row.Locator("td[data-k=step]").InnerTextAsync()).Trim());
        await row.Locator("td[data-k=name] a").ClickAsync();

        // The candidates with their scores, highest first; the diagram at compatibility, before the reviews.
        var candidates = page.Locator("#ibx-candidates tbody tr");
        await candidates.First.WaitForAsync();
        Assert.Equal(["311400001\t针刺治疗\t40", "311400002\t温针灸\t10"], (await candidates.AllInnerTextsAsync()).Select(r => r.Trim()));
        Assert.Equal("right", await page.Locator("#ibx-candidates td[data-k=score]").First.EvaluateAsync<string>("td => getComputedStyle(td).textAlign"));
        Assert.Equal("current", await page.Locator("#ibx-steps .ibx-step[data-step=CompatibilityConfirmation]").GetAttributeAsync("data-state"));

        // Approving asks which item: focus lands on that choice; the reason is optional.
        await page.ClickAsync("#ibx-waits button[data-decision=approve][data-step=CompatibilityConfirmation]");
        Assert.Equal("itemCode", await page.EvaluateAsync<string>("() => document.activeElement.name"));
        await page.SelectOptionAsync("#ibx-panel select[name=itemCode]", "311400001");
        await page.FillAsync("#ibx-panel textarea[name=comment]", "按针刺治疗收费");
        await page.ClickAsync("#ibx-panel [data-role=confirm]");
        await page.WaitForSelectorAsync("#ibx-steps .ibx-step[data-step=ChargedUnderExisting][data-state=done]", new() { Timeout = 180_000 });
        Assert.Equal("skipped", await page.Locator("#ibx-steps .ibx-step[data-step=PriceReview]").GetAttributeAsync("data-state"));
        Assert.Contains("311400001", await page.Locator("#ibx-steps .ibx-step[data-step=ChargedUnderExisting]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("同意（311400001）", (await page.Locator("#ibx-timeline tbody td[data-k=decision]").First.InnerTextAsync()).Trim());
        Assert.Equal("按现有项目收费", (await page.Locator("#ibx-status").InnerTextAsync()).Trim());
        Assert.DoesNotMatch(InboxRawIdentifiers, await page.Locator("#view").InnerTextAsync());
        await ShotAsync(page, "inbox-compatibility");
        await page.CloseAsync();
    }

    /// <summary>The API's identifiers for steps, roles, decisions, channels and statuses, which a Chinese page shows only in Chinese.</summary>
    private static readonly Regex InboxRawIdentifiers = new(@"PriceReview|TechnicalReview|Trial|Submitted|InReview|Green|Standard|price-office|health-commission|office-head|\bapprove\b|\breturn\b|undefined|null|NaN", RegexOptions.CultureInvariant);
}

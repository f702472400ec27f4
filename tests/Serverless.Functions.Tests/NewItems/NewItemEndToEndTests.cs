using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Domain.NewItems;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Tests.NewItems;

/// <summary>Issue 6's end-to-end proof: the app on Azurite, driven through HTTP with signed tokens and a blob upload.</summary>
public sealed class NewItemEndToEndTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Green_channel_application_is_approved_by_two_officials_over_http_and_a_wrong_role_changes_nothing()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        var hospital = NewItemHarness.NewHospital();
        using var clerk = TestTokens.Client(root, Roles.Hospital, hospital);
        using var price = TestTokens.Client(root, Roles.PriceOffice);
        using var health = new HttpClient { BaseAddress = root };
        health.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(Roles.HealthCommission, user: "wang.health"));
        using var anonymous = new HttpClient { BaseAddress = root };

        Assert.Equal(HttpStatusCode.OK, (await price.PutAsJsonAsync("/api/new-items/positions", new[] { new PositionForm(hospital, 400, 8, 40_000_000m, 400_000m) })).StatusCode);
        var form = NewItemHarness.Form(hospital, "达芬奇机器人辅助心脏瓣膜修复", price: 6_000m, volume: 40, regionalCentre: true);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/new-items", form)).StatusCode);
        using var otherClerk = TestTokens.Client(root, Roles.Hospital, "OTHER");
        Assert.Equal(HttpStatusCode.Forbidden, (await otherClerk.PostAsJsonAsync("/api/new-items", form)).StatusCode);
        var invalid = await clerk.PostAsJsonAsync("/api/new-items", form with { ExpectedPrice = null, Attachments = [] });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problems = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("expected_price", problems, StringComparison.Ordinal);
        Assert.Contains("attachments", problems, StringComparison.Ordinal);

        // The clerk's browser retries with the same Idempotency-Key: one application, one audit entry.
        async Task<HttpResponseMessage> Submit()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/new-items") { Content = JsonContent.Create(form) };
            request.Headers.Add("Idempotency-Key", "form-7f3a");
            return await clerk.SendAsync(request);
        }

        var submit = await Submit();
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var id = (await submit.Content.ReadFromJsonAsync<NewItemEndpoints.SubmitResult>(Json))!.ApplicationId;
        var again = await Submit();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<NewItemEndpoints.SubmitResult>(Json))!.ApplicationId);
        var submitted = Assert.Single(await app.Services.GetRequiredService<AuditTrail>().ForInstanceAsync(id, CancellationToken.None), a => a.GetString("Action") == "newitem.submit");
        Assert.Equal(Roles.Hospital, submitted.GetString("Roles"));
        var view = await WaitForAsync(clerk, id, v => v.Progress?.OpenWaits.Count == 2);
        Assert.Equal("Green", view.Progress!.Channel);

        // A hospital clerk may not decide; the health commission may not decide the price review.
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync($"/api/new-items/{id}/decisions", new DecisionRequest("PriceReview", "approve", null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await health.PostAsJsonAsync($"/api/new-items/{id}/decisions", new DecisionRequest("PriceReview", "approve", null))).StatusCode);
        var unchanged = await GetAsync(clerk, id);
        Assert.Equal(2, unchanged.Progress!.OpenWaits.Count);
        Assert.DoesNotContain(unchanged.Timeline, row => ((JsonElement)row["Kind"]!).GetString()!.StartsWith("decision-", StringComparison.Ordinal));

        // Refusals carry a code the console labels: a step that does not exist, a return without its reason, a decision the step does not take.
        await AssertProblemAsync(await price.PostAsJsonAsync($"/api/new-items/{id}/decisions", new DecisionRequest("Tasting", "approve", null)), HttpStatusCode.BadRequest, "unknown_step");
        await AssertProblemAsync(await price.PostAsJsonAsync($"/api/new-items/{id}/decisions", new DecisionRequest("PriceReview", "return", " ")), HttpStatusCode.BadRequest, "reason_required");
        await AssertProblemAsync(await price.PostAsJsonAsync($"/api/new-items/{id}/decisions", new DecisionRequest("PriceReview", "bless", "好")), HttpStatusCode.BadRequest, "not_a_decision");
        await AssertProblemAsync(await price.PostAsJsonAsync("/api/new-items/no-such-application/decisions", new DecisionRequest("PriceReview", "approve", null)), HttpStatusCode.NotFound, "application_not_found");

        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync($"/api/new-items/{id}/decisions", new DecisionRequest("PriceReview", "approve", "价格合理"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await health.PostAsJsonAsync($"/api/new-items/{id}/decisions", new DecisionRequest("TechnicalReview", "approve", "技术成熟"))).StatusCode);
        var trial = await WaitForAsync(clerk, id, v => v.Progress?.Phase == "Trial");
        Assert.Equal(trial.Progress!.Trial!.StartDate.AddYears(2), trial.Progress.Trial.EndDate);
        Assert.Equal(["test.user", "wang.health"], trial.Timeline.Where(r => ((JsonElement)r["Kind"]!).GetString()!.StartsWith("decision-", StringComparison.Ordinal))
            .Select(r => ((JsonElement)r["Official"]!).GetString()).Order(StringComparer.Ordinal));

        using var tasks = await health.GetAsync("/api/new-items/tasks");
        Assert.DoesNotContain(id, await tasks.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task An_application_workbook_starts_one_workflow_per_good_row_and_reports_each_bad_row_with_its_column()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var hospital = NewItemHarness.NewHospital();
        string?[] headers = ["机构编码", "项目名称", "项目内涵", "预期价格", "预计年服务量", "项目类别", "是否可对应现有项目", "附件清单"];
        var workbook = WorkbookWriter.ToBytes([new SheetTable("新增项目申请", [.. headers.Select(h => new TableColumn(h!))],
        [
            [hospital, "胶囊内镜磁控检查", "磁控胶囊胃镜检查", "680", "500", "检查类", "否", "可行性报告.pdf；成本表.xlsx"],
            [hospital, "坏行示例", "缺少价格", "", "100", "检查类", "否", "报告.pdf"],
            [hospital, "数量不是整数", "用于测试", "100", "12.5", "检查类", "否", "报告.pdf"],
        ])]);
        var storage = app.Services.GetRequiredService<StorageClients>();
        await storage.Blobs.GetBlobContainerClient(StorageNames.ApplicationsContainer).GetBlobClient($"{hospital}/2027-批次申请.xlsx").UploadAsync(new BinaryData(workbook));

        var reports = storage.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? report = null;
        while (report is null && DateTime.UtcNow < deadline)
        {
            await foreach (var blob in reports.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"applications/{hospital}/", CancellationToken.None))
            {
                report = blob.Name;
            }

            await Task.Delay(200);
        }

        Assert.NotNull(report);
        var content = (await reports.GetBlobClient(report).DownloadContentAsync()).Value.Content.ToArray();
        var issues = ReadReport(content);
        Assert.Contains(issues, i => i.Row == "3" && i.Column == "预期价格");
        Assert.Contains(issues, i => i.Row == "4" && i.Column == "预计年服务量");
        Assert.DoesNotContain(issues, i => i.Row == "2");

        var archive = storage.Blobs.GetBlobContainerClient(StorageNames.ArchiveContainer);
        var archived = new List<string>();
        await foreach (var blob in archive.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"applications/{hospital}/", CancellationToken.None))
        {
            archived.Add(blob.Name);
        }

        Assert.Single(archived);
        var store = app.Services.GetRequiredService<NewItemStore>();
        var rows = storage.Tables.GetTableClient(StorageNames.NewItemsTable).QueryAsync<Azure.Data.Tables.TableEntity>(e => e.RowKey == NewItemStore.ApplicationRow && e.PartitionKey.CompareTo($"ni-{hospital}-") > 0 && e.PartitionKey.CompareTo($"ni-{hospital}.") < 0);
        var started = new List<string>();
        await foreach (var row in rows)
        {
            started.Add(row.GetString("ProposedName")!);
        }

        Assert.Equal(["胶囊内镜磁控检查"], started);
        Assert.NotNull(store);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_workbook_put_through_the_console_route_starts_its_good_rows_and_its_outcome_lists_them_and_each_bad_row()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        var hospital = NewItemHarness.NewHospital();
        using var clerk = TestTokens.Client(root, Roles.Hospital, hospital);
        using var otherClerk = TestTokens.Client(root, Roles.Hospital, NewItemHarness.NewHospital());
        string?[] headers = ["机构编码", "项目名称", "项目内涵", "预期价格", "预计年服务量", "项目类别", "是否可对应现有项目", "附件清单"];
        var workbook = WorkbookWriter.ToBytes([new SheetTable("新增项目申请", [.. headers.Select(h => new TableColumn(h!))],
        [
            [hospital, "胶囊内镜磁控检查", "磁控胶囊胃镜检查", "680", "500", "检查类", "否", "可行性报告.pdf"],
            [hospital, "缺价格的申请", "缺少价格", "", "100", "检查类", "否", "报告.pdf"],
            ["H00000", "别院的申请", "机构编码不符", "300", "100", "检查类", "否", "报告.pdf"],
        ])]);
        const string fileName = "2027 批次申请.xlsx";
        var outcomeUrl = $"/api/new-items/workbook?fileName={Uri.EscapeDataString(fileName)}";

        using var put = await clerk.PutAsync(outcomeUrl, new ByteArrayContent(workbook));

        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        Assert.Equal(outcomeUrl, put.Headers.Location?.OriginalString);
        var filed = (await put.Content.ReadFromJsonAsync<ApplicationWorkbookEndpoints.WorkbookFiled>(Json))!;
        Assert.Equal($"applications/{hospital}/{fileName}", filed.Blob);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        WorkbookOutcome outcome;
        while (!(outcome = (await clerk.GetFromJsonAsync<WorkbookOutcome>(outcomeUrl, Json))!).Finished)
        {
            Assert.True(DateTime.UtcNow < deadline, "The workbook was not handled within 60 s.");
            await Task.Delay(200);
        }

        var started = Assert.Single(outcome.Applications);
        Assert.Equal("胶囊内镜磁控检查", started.ProposedName);
        Assert.StartsWith($"ni-{hospital}-", started.ApplicationId, StringComparison.Ordinal);
        Assert.Contains(outcome.Problems, p => p.Row == "3" && p.Column == "预期价格");
        Assert.Contains(outcome.Problems, p => p.Row == "4" && p.Column == "机构编码" && p.Code == "foreign_hospital");
        Assert.DoesNotContain(outcome.Problems, p => p.Row == "2");
        Assert.Contains(await app.Services.GetRequiredService<AuditTrail>().ForInstanceAsync(StorageNames.ApplicationsContainer, CancellationToken.None),
            a => a.GetString("Action") == "newitem.workbook.upload" && a.GetString("Details")!.Contains(fileName, StringComparison.Ordinal));

        // Create-only; another hospital's clerk finds no such workbook of its own; a name that could leave the folder, or no bytes, is refused.
        await AssertProblemAsync(await clerk.PutAsync(outcomeUrl, new ByteArrayContent(workbook)), HttpStatusCode.Conflict, "workbook_exists");
        await AssertProblemAsync(await otherClerk.GetAsync(outcomeUrl), HttpStatusCode.NotFound, "workbook_not_found");
        await AssertProblemAsync(await clerk.PutAsync("/api/new-items/workbook?fileName=..%2Fx.xlsx", new ByteArrayContent(workbook)), HttpStatusCode.BadRequest, "bad_file_name");
        await AssertProblemAsync(await clerk.PutAsync("/api/new-items/workbook?fileName=empty.xlsx", new ByteArrayContent([])), HttpStatusCode.BadRequest, "empty_upload");
        await app.StopAsync();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }
    }

    private static IReadOnlyList<(string? Row, string? Column)> ReadReport(byte[] content)
    {
        var spec = new Domain.Tabular.SheetSpec("错误报告", "errors",
        [
            new("row", "行", "row", true),
            new("column", "列", "column", true),
        ], FallbackToFirstSheet: true);
        using var stream = new MemoryStream(content);
        var read = new WorkbookReader().ReadSheet(stream, "report.xlsx", spec);
        Assert.NotNull(read.Sheet);
        return [.. read.Sheet.Rows.Select(r => (r.Cells[0], r.Cells[1]))];
    }

    private static async Task<NewItemEndpoints.ApplicationView> GetAsync(HttpClient http, string id)
        => (await http.GetFromJsonAsync<NewItemEndpoints.ApplicationView>($"/api/new-items/{id}", Json))!;

    private static async Task<NewItemEndpoints.ApplicationView> WaitForAsync(HttpClient http, string id, Func<NewItemEndpoints.ApplicationView, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var view = await GetAsync(http, id);
            if (done(view))
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Application {id} did not get there: {JsonSerializer.Serialize(view.Progress)}");
            await Task.Delay(200);
        }
    }
}

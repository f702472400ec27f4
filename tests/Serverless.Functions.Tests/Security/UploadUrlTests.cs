using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Azurite;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;
using Serverless.Functions.Tests.NewItems;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Tests.Security;

/// <summary>
/// "A hospital can read and write only its own uploads": a clerk's upload URL, over real HTTP against the app on
/// Azurite, writes the hospital's own blob and nothing else — not another hospital's path, not a read, not a list,
/// not after it expires — and the upload triggers run on what it wrote.
/// </summary>
public sealed class UploadUrlTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Clerk_uploads_its_bid_workbook_with_the_url_and_the_trigger_records_the_submission()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        var campaignId = UniqueNames.Unique("sas");
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 3, Leagues: 1, HospitalsPerLeague: 3, Items: 10, BadRowShare: 0));
        var hospital = sample.Bidders.First().Code;
        using var price = TestTokens.Client(root, Roles.PriceOffice);
        using var clerk = TestTokens.Client(root, Roles.Hospital, hospital.Value);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.PostAsync($"/api/campaigns/{campaignId}/rounds/1/upload-url", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await price.PutAsync($"/api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaignId, 600))).StatusCode);
        await StorageProbe.UntilAsync(async () => (await price.GetFromJsonAsync<CampaignStatus>($"/api/campaigns/{campaignId}", Workflows.Json))?.Progress?.Phase == "Round1");

        var issued = await IssueAsync(clerk, $"/api/campaigns/{campaignId}/rounds/1/upload-url", null);
        Assert.Equal($"bids/{campaignId}/round-1/{hospital.Value}.xlsx", issued.Blob);
        Assert.Equal("PUT", issued.Method);
        Assert.Equal("BlockBlob", issued.Headers["x-ms-blob-type"]);
        Assert.InRange(issued.ExpiresOn - DateTimeOffset.UtcNow, UploadUrls.Lifetime - TimeSpan.FromMinutes(1), UploadUrls.Lifetime);
        Assert.Contains("sp=cw", issued.Url.Query, StringComparison.Ordinal);

        using var plain = new HttpClient();
        Assert.Equal(HttpStatusCode.Created, await PutAsync(plain, issued.Url, sample.BidWorkbook(hospital, 1)));
        var submissions = $"/api/campaigns/{campaignId}/hospitals/{hospital.Value}/submissions";
        await StorageProbe.UntilAsync(async () => (await clerk.GetFromJsonAsync<List<SubmissionView>>(submissions, Workflows.Json))!.Count == 1);
        var submission = Assert.Single((await clerk.GetFromJsonAsync<List<SubmissionView>>(submissions, Workflows.Json))!);
        Assert.False(submission.Rejected);

        var audit = await app.Services.GetRequiredService<AuditTrail>().ForInstanceAsync(campaignId, CancellationToken.None);
        Assert.Contains(audit, e => e.GetString("Action") == "bid.upload-url" && e.GetString("Details")!.StartsWith(issued.Blob, StringComparison.Ordinal));
        await app.StopAsync();
    }

    [Fact]
    public async Task Upload_url_writes_only_its_own_blob_never_another_hospitals_and_cannot_read_or_list()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        var hospital = NewItemHarness.NewHospital();
        var other = NewItemHarness.NewHospital();
        using var clerk = TestTokens.Client(root, Roles.Hospital, hospital);

        // Another hospital's code in the body changes nothing: the path comes from the sign-in.
        var issued = await IssueAsync(clerk, "/api/new-items/upload-url", new { fileName = "批次申请", hospitalCode = other });
        Assert.Equal($"applications/{hospital}/批次申请.xlsx", issued.Blob);
        using var plain = new HttpClient();
        Assert.Equal(HttpStatusCode.Created, await PutAsync(plain, issued.Url, "first"u8.ToArray()));

        // The same signature on another hospital's path, or another name of its own, is refused.
        var elsewhere = new Uri(issued.Url.AbsoluteUri.Replace($"/{hospital}/", $"/{other}/", StringComparison.Ordinal));
        Assert.NotEqual(issued.Url, elsewhere);
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(plain, elsewhere, "forged"u8.ToArray()));
        var renamed = new Uri(issued.Url.AbsoluteUri.Replace(".xlsx?", "-2.xlsx?", StringComparison.Ordinal));
        Assert.NotEqual(issued.Url, renamed);
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(plain, renamed, "forged"u8.ToArray()));

        // No read, list or delete, not even of its own blob.
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync(issued.Url)).StatusCode);
        var containerUrl = issued.Url.AbsoluteUri[..issued.Url.AbsoluteUri.IndexOf($"/{hospital}/", StringComparison.Ordinal)];
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync(new Uri($"{containerUrl}?restype=container&comp=list&{issued.Url.Query.TrimStart('?')}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.DeleteAsync(issued.Url)).StatusCode);

        var container = app.Services.GetRequiredService<StorageClients>().Blobs.GetBlobContainerClient(StorageNames.ApplicationsContainer);
        Assert.False((await container.GetBlobClient($"{other}/批次申请.xlsx").ExistsAsync()).Value);
        Assert.Equal("first", (await container.GetBlobClient($"{hospital}/批次申请.xlsx").DownloadContentAsync()).Value.Content.ToString());
        await app.StopAsync();
    }

    [Fact]
    public async Task Clerk_uploads_an_application_workbook_with_the_url_and_the_trigger_starts_its_workflow()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var hospital = NewItemHarness.NewHospital();
        using var clerk = TestTokens.Client(new Uri(app.Urls.First()), Roles.Hospital, hospital);
        string[] headers = ["机构编码", "项目名称", "项目内涵", "预期价格", "预计年服务量", "项目类别", "是否可对应现有项目", "附件清单"];
        var workbook = WorkbookWriter.ToBytes([new SheetTable("新增项目申请", [.. headers.Select(h => new TableColumn(h))],
        [
            [hospital, "胶囊内镜磁控检查", "磁控胶囊胃镜检查", "680", "500", "检查类", "否", "可行性报告.pdf；成本表.xlsx"],
            [hospital, "坏行示例", "缺少价格", "", "100", "检查类", "否", "报告.pdf"],
        ])]);

        var issued = await IssueAsync(clerk, "/api/new-items/upload-url", new { fileName = "2027-批次申请.xlsx" });
        Assert.Contains("sp=c&", issued.Url.Query, StringComparison.Ordinal);
        using var plain = new HttpClient();
        Assert.Equal(HttpStatusCode.Created, await PutAsync(plain, issued.Url, workbook));

        // Create-only: the same URL cannot replace what was uploaded, and no new URL is issued for a name in use.
        Assert.NotEqual(HttpStatusCode.Created, await PutAsync(plain, issued.Url, [1, 2, 3]));
        using (var again = await clerk.PostAsJsonAsync("/api/new-items/upload-url", new { fileName = "2027-批次申请.xlsx" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var storage = app.Services.GetRequiredService<StorageClients>();
        var reports = storage.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer);
        await StorageProbe.UntilAsync(async () =>
        {
            await foreach (var _ in reports.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"applications/{hospital}/", CancellationToken.None))
            {
                return true;
            }

            return false;
        });
        var applications = await clerk.GetFromJsonAsync<List<Dictionary<string, JsonElement>>>("/api/new-items", Json);
        Assert.Equal(["胶囊内镜磁控检查"], applications!.Select(a => a["proposedName"].GetString()));
        await app.StopAsync();
    }

    [Theory]
    [InlineData("../H09999/x.xlsx")]
    [InlineData("..")]
    [InlineData("a..b.xlsx")]
    [InlineData("sub/x.xlsx")]
    [InlineData("sub\\x.xlsx")]
    [InlineData("bad\u0001name.xlsx")]
    [InlineData("right\u202Eto-left.xlsx")]
    [InlineData("report.xlsx.")]
    [InlineData("report .xlsx")]
    [InlineData(".xlsx")]
    [InlineData("")]
    [InlineData("what?.xlsx")]
    [InlineData("50%.xlsx")]
    public void Unsafe_application_file_names_are_refused_with_a_reason(string fileName)
    {
        Assert.Null(ApplicationUploadFunction.UploadBlob("H01001", fileName, out var problem));
        Assert.StartsWith("fileName", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-批次申请.xlsx", "H01001/2027-批次申请.xlsx")]
    [InlineData(" 申请 ", "H01001/申请.xlsx")]
    [InlineData("Batch 1.XLSX", "H01001/Batch 1.xlsx")]
    [InlineData("清单🏥", "H01001/清单🏥.xlsx")]
    public void Safe_application_file_names_go_to_the_hospitals_own_folder(string fileName, string blob)
        => Assert.Equal(blob, ApplicationUploadFunction.UploadBlob("H01001", fileName, out _));

    [Fact]
    public async Task Unsafe_file_name_is_a_400_that_says_why()
    {
        await using var app = await TestApps.StartAsync(fixture);
        using var clerk = TestTokens.Client(new Uri(app.Urls.First()), Roles.Hospital, "H01001");
        using var response = await clerk.PostAsJsonAsync("/api/new-items/upload-url", new { fileName = "../H01002/x.xlsx" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("without /", body, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"bad_file_name\"", body, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task Expired_upload_url_is_refused()
    {
        var storage = StorageClients.FromConnectionString(fixture.Azurite.ConnectionString, UniqueNames.Unique("hub"));
        await storage.Blobs.GetBlobContainerClient(StorageNames.ApplicationsContainer).CreateIfNotExistsAsync();
        var issuedAnHourAgo = new UploadUrls(storage.Blobs, new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1)));
        var issued = await issuedAnHourAgo.IssueAsync(StorageNames.ApplicationsContainer, $"{NewItemHarness.NewHospital()}/late.xlsx", createOnly: true, CancellationToken.None);
        Assert.True(issued.ExpiresOn < DateTimeOffset.UtcNow);
        using var plain = new HttpClient();
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(plain, issued.Url, "late"u8.ToArray()));
    }

    private static async Task<UploadUrl> IssueAsync(HttpClient clerk, string path, object? body)
    {
        using var response = body is null ? await clerk.PostAsync(path, null) : await clerk.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<UploadUrl>(Json))!;
    }

    /// <summary>What a clerk's tool does with the URL: a plain PUT of the whole file with the headers it names.</summary>
    private static async Task<HttpStatusCode> PutAsync(HttpClient plain, Uri url, byte[] content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(content) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var response = await plain.SendAsync(request);
        return response.StatusCode;
    }
}

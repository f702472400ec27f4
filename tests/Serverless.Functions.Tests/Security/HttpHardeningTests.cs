using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Azurite;
using Serverless.Functions.Bidding;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;
using Serverless.Functions.Tests.NewItems;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Functions.Tests.Security;

/// <summary>
/// What every answer carries and which requests are refused before a handler, over real HTTP: headers for the console
/// and the API, no form or text posts (the bodies a cross-site page can send), no foreign Host in Development, a reused
/// Idempotency-Key with another body, and a hospital's view of a campaign.
/// </summary>
public sealed class HttpHardeningTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Console_and_api_answers_carry_the_security_headers_and_no_server_banner()
    {
        await using var app = await TestApps.StartAsync(fixture);
        using var http = TestTokens.Client(new Uri(app.Urls.First()), Roles.PriceOffice);

        foreach (var path in new[] { "/console/", "/console/app.js", "/api/me", "/api/campaigns/none" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpHardening.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.DoesNotContain("unsafe-inline", HttpHardening.ContentSecurityPolicy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", HttpHardening.ContentSecurityPolicy, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.False(response.Headers.Contains("Server"), $"{path} names its server");
            Assert.Equal(path.StartsWith("/api", StringComparison.Ordinal), response.Headers.CacheControl?.NoStore == true);
        }

        // The console's page runs no inline script, so the policy above does not break it.
        var page = await http.GetStringAsync("/console/");
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", page);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "campaignId=x")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"campaignId\"\r\n\r\nx\r\n--b--")]
    [InlineData("text/plain", "{\"campaignId\":\"x\"}")]
    public async Task A_state_changing_request_with_a_form_or_text_body_is_refused_before_any_handler(string contentType, string body)
    {
        await using var app = await TestApps.StartAsync(fixture);
        using var http = TestTokens.Client(new Uri(app.Urls.First()), Roles.PriceOffice);
        var campaignId = UniqueNames.Unique("csrf");

        using var content = new StringContent(body.Replace("x", campaignId, StringComparison.Ordinal), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await http.PostAsync("/api/campaigns", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var audit = await app.Services.GetRequiredService<AuditTrail>().ForInstanceAsync(campaignId, CancellationToken.None);
        Assert.Empty(audit);
        await app.StopAsync();
    }

    [Fact]
    public async Task In_Development_the_app_answers_only_to_its_own_host_names()
    {
        await using var app = await TestApps.StartAsync(fixture);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/");
        foreign.Headers.Host = "attacker.example";

        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task An_idempotency_key_reused_with_another_application_is_422_and_a_true_retry_is_200()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var hospital = NewItemHarness.NewHospital();
        using var clerk = TestTokens.Client(new Uri(app.Urls.First()), Roles.Hospital, hospital);
        var key = Guid.NewGuid().ToString("N");

        async Task<HttpResponseMessage> Submit(ApplicationForm form)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/new-items") { Content = JsonContent.Create(form) };
            request.Headers.Add("Idempotency-Key", key);
            return await clerk.SendAsync(request);
        }

        var first = NewItemHarness.Form(hospital, "胶囊内镜磁控检查");
        Assert.Equal(HttpStatusCode.Accepted, (await Submit(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Submit(first)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Submit(first with { ExpectedPrice = 999m })).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_hospital_sees_a_campaigns_phase_and_deadline_but_not_the_other_hospitals_counts()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        using var price = TestTokens.Client(root, Roles.PriceOffice);
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 9, Leagues: 1, HospitalsPerLeague: 3, Items: 5, BadRowShare: 0));
        using var clerk = TestTokens.Client(root, Roles.Hospital, sample.Bidders.First().Code.Value);
        var campaignId = UniqueNames.Unique("view");
        Assert.Equal(HttpStatusCode.NoContent, (await price.PutAsync($"/api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaignId, 600))).StatusCode);
        CampaignStatus? official = null;
        for (var attempt = 0; attempt < 150 && official?.Progress?.Phase != "Round1"; attempt++)
        {
            await Task.Delay(200);
            official = await price.GetFromJsonAsync<CampaignStatus>($"/api/campaigns/{campaignId}", Workflows.Json);
        }

        var seen = await clerk.GetFromJsonAsync<CampaignStatus>($"/api/campaigns/{campaignId}", Workflows.Json);
        Assert.True(official!.Progress!.Invited > 0);
        Assert.Equal("Round1", seen!.Progress!.Phase);
        Assert.Equal(official.Progress.DeadlineUtc, seen.Progress.DeadlineUtc);
        Assert.Equal(0, seen.Progress.Invited);
        Assert.Null(seen.Summary);
        var listed = await clerk.GetFromJsonAsync<JsonElement>("/api/campaigns", Workflows.Json);
        var mine = listed.EnumerateArray().Single(c => c.GetProperty("campaignId").GetString() == campaignId);
        Assert.Equal(0, mine.GetProperty("progress").GetProperty("invited").GetInt32());
        await app.StopAsync();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Serverless.Azurite;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.Security;

/// <summary>Every campaign endpoint checks who calls: no or bad credentials are 401, a wrong role or another hospital is 403.</summary>
public sealed class AuthorizationTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Campaign_api_refuses_missing_expired_forged_and_wrong_role_credentials_and_audits_who_acted()
    {
        var hub = UniqueNames.Unique("hub");
        await using var app = await ServerlessApp.BuildAsync(
            ["--urls", "http://127.0.0.1:0", $"--{AppSettings.StorageConnection}", fixture.Azurite.ConnectionString, $"--{AppSettings.TaskHub}", hub, "--Logging:LogLevel:Default", "Warning", $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", TestApps.LedgerKey, .. TestTokens.AppArguments]);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        var campaign = UniqueNames.Unique("auth");

        async Task<HttpStatusCode> StartAs(string? token)
        {
            using var http = new HttpClient { BaseAddress = address };
            if (token is not null)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return (await http.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaign))).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StartAs(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await StartAs(TestTokens.For(Roles.PriceOffice, lifetime: TimeSpan.FromSeconds(-5))));
        Assert.Equal(HttpStatusCode.Unauthorized, await StartAs(new DevTokens(Serverless.Functions.Security.Secrets.NewKey()).Issue("mallory", Roles.PriceOffice, null, DateTimeOffset.UtcNow.AddHours(1))));
        // The key earlier releases fell back to when none was configured: no longer in the code, and refused.
        Assert.Equal(HttpStatusCode.Unauthorized, await StartAs(new DevTokens("local-development-only-not-a-secret").Issue("mallory", Roles.PriceOffice, null, DateTimeOffset.UtcNow.AddHours(1))));
        Assert.Equal(HttpStatusCode.Forbidden, await StartAs(TestTokens.For(Roles.Hospital, "H01001")));
        Assert.Equal(HttpStatusCode.Forbidden, await StartAs(TestTokens.For(Roles.FinanceOffice)));
        Assert.Equal(HttpStatusCode.Accepted, await StartAs(TestTokens.For(Roles.PriceOffice, user: "zhang.wei")));

        using var hospital = TestTokens.Client(address, Roles.Hospital, "H01001");
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.GetAsync($"/api/campaigns/{campaign}/hospitals/H01002/submissions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hospital.GetAsync($"/api/campaigns/{campaign}/hospitals/H01001/submissions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.PostAsJsonAsync($"/api/campaigns/{campaign}/rounds/1/extend", new ExtendRequest(60))).StatusCode);

        var audit = await app.Services.GetRequiredService<AuditTrail>().ForInstanceAsync(campaign, CancellationToken.None);
        var entry = Assert.Single(audit);
        Assert.Equal("zhang.wei", entry.GetString("User"));
        Assert.Equal("campaign.start", entry.GetString("Action"));
        Assert.Equal(Roles.PriceOffice, entry.GetString("Roles"));
        await app.StopAsync();
    }
}

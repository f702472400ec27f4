using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Azurite;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.Security;

/// <summary>
/// Settings as an operator writes them, in the environment of a real process, in both the <c>A__B</c> and the
/// <c>A:B</c> form: a configuration that would accept forged callers or point nowhere stops the app before it starts.
/// </summary>
public sealed class StartupSettingsTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan RefusalTime = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string, string, string, string> Refused => new()
    {
        // environment, setting name form, mode, key, expected reason
        { "Production", "__", "DevelopmentTokens", TestTokens.SigningKey, "refused in the Production environment" },
        { "Production", ":", "DevelopmentTokens", TestTokens.SigningKey, "refused in the Production environment" },
        { "Development", "__", "DevelopmentTokens", "too-short", "at least 32 characters" },
        { "Development", ":", "DevelopmentTokens", "", "at least 32 characters" },
        { "Production", "__", "", TestTokens.SigningKey, "Set Authentication:Mode" },
        { "Production", "__", "AppService", "", "App Service authentication in front" },
        { "Development", ":", "AppService", "", "App Service authentication in front" },
        { "Production", "__", "Anonymous", "", "Authentication" },
        { "Production", "__", "7", "", "is not one of" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_sign_in_that_could_accept_forged_callers_stops_the_app_before_it_starts(string environment, string separator, string mode, string key, string reason)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            [$"AzureWebJobsStorage"] = fixture.Azurite.ConnectionString,
            [$"Authentication{separator}Mode"] = mode,
            [$"Authentication{separator}DevelopmentTokens{separator}SigningKey"] = key,
        };
        await AssertRefusedAsync(settings, reason);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__accountName", "Not_An_Account", "is not a storage account name")]
    [InlineData("AzureWebJobsStorage:accountName", "Not_An_Account", "is not a storage account name")]
    [InlineData("AzureWebJobsStorage__accountName", "pricing01", "not both")]
    public async Task The_managed_identity_account_setting_is_read_in_either_form(string name, string account, string reason)
    {
        var settings = Development();
        settings[name] = account;
        if (reason != "not both")
        {
            settings.Remove("AzureWebJobsStorage");
        }

        await AssertRefusedAsync(settings, reason);
    }

    [Theory]
    [InlineData("Calendar__Holidays", "2027-02-30", "is not a date written yyyy-MM-dd")]
    [InlineData("Calendar:MakeUpWorkingDays", "2027/02/07", "is not a date written yyyy-MM-dd")]
    [InlineData("UploadScanIntervalMilliseconds", "0", "must be 50 to 60000 milliseconds")]
    [InlineData("Bidding__DeliveryGraceSeconds", "7200", "must be 0 to 3600 seconds")]
    [InlineData("Bidding:DeliveryGraceSeconds", "-1", "must be 0 to 3600 seconds")]
    [InlineData("Telemetry__Console", "yes", "must be true or false")]
    public async Task A_malformed_smaller_setting_is_named_at_start_rather_than_failing_later(string name, string value, string reason)
    {
        var settings = Development();
        settings[name] = value;
        await AssertRefusedAsync(settings, reason);
    }

    [Fact]
    public async Task Outside_Development_no_storage_setting_is_refused_instead_of_starting_a_private_Azurite()
    {
        await AssertRefusedAsync(
            new() { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Authentication__Mode"] = "AppService", ["WEBSITE_AUTH_ENABLED"] = "True" },
            "only the local host in Development starts its own Azurite");
    }

    [Fact]
    public async Task Development_tokens_are_checked_with_the_key_from_the_environment_and_the_local_sign_in_exists()
    {
        var settings = Development();
        settings["TaskHub"] = UniqueNames.Unique("hub");
        using var app = ConfiguredProcess.Start(settings);
        await app.ListeningAsync();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await Get(http, "/api/me", TestTokens.For(Roles.PriceOffice))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "/api/me", new DevTokens(Serverless.Functions.Security.Secrets.NewKey()).Issue("mallory", Roles.PriceOffice, null, DateTimeOffset.UtcNow.AddHours(1)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "/api/me", null, Principal("aad", ("preferred_username", "mallory"), ("roles", Roles.PriceOffice)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/console/dev-users")).StatusCode);
    }

    [Fact]
    public async Task Behind_App_Service_authentication_only_the_platform_principal_in_our_claim_types_signs_in()
    {
        using var app = ConfiguredProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AzureWebJobsStorage"] = fixture.Azurite.ConnectionString,
            ["TaskHub"] = UniqueNames.Unique("hub"),
            ["Authentication__Mode"] = "AppService",
            ["Authentication__AppService__RoleClaimType"] = "app_roles",
            ["WEBSITE_AUTH_ENABLED"] = "True",
            ["Ledger:MacKey"] = TestApps.LedgerKey,
        });
        await app.ListeningAsync();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        var signedIn = await Get(http, "/api/me", null, Principal("aad", ("preferred_username", "li.price@example.gov.cn"), ("app_roles", Roles.PriceOffice)));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var me = await signedIn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("li.price@example.gov.cn", me.GetProperty("user").GetString());
        Assert.Equal([Roles.PriceOffice], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // A development token, even one signed with the right key, is not a sign-in here; nor is the local sign-in page.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "/api/me", TestTokens.For(Roles.PriceOffice))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/console/dev-users")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/console/dev-signin", new { user = "li.price" })).StatusCode);
        // The header's own claim types are not ours: a role under "roles" (the header's role_typ) grants nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "/api/me", null, Principal("aad", ("preferred_username", "x"), ("roles", Roles.PriceOffice)))).StatusCode);
        // No name, another identity provider, a malformed header, a hospital code that is a path: refused.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "/api/me", null, Principal("aad", ("app_roles", Roles.PriceOffice)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "/api/me", null, Principal("github", ("preferred_username", "x"), ("app_roles", Roles.PriceOffice)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "/api/me", null, ("aad", "not base64 {"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "/api/me", null, Principal("aad", ("preferred_username", "c"), ("app_roles", Roles.Hospital), ("hospital", "../H01002")))).StatusCode);
        var clerk = await Get(http, "/api/me", null, Principal("aad", ("preferred_username", "clerk@h01001"), ("app_roles", Roles.Hospital), ("hospital", "H01001")));
        Assert.Equal("H01001", (await clerk.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hospital").GetString());
    }

    /// <summary>A development host's settings written as an operator would: Development, Azurite, development tokens, a ledger key.</summary>
    private Dictionary<string, string> Development() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["AzureWebJobsStorage"] = fixture.Azurite.ConnectionString,
        ["Authentication__Mode"] = "DevelopmentTokens",
        ["Authentication__DevelopmentTokens__SigningKey"] = TestTokens.SigningKey,
        ["Ledger__MacKey"] = TestApps.LedgerKey,
    };

    /// <summary>The process exits before it starts (code 3), naming <paramref name="reason"/>.</summary>
    private static async Task AssertRefusedAsync(Dictionary<string, string> settings, string reason)
    {
        using var app = ConfiguredProcess.Start(settings);

        Assert.Equal(3, await app.ExitCodeAsync(RefusalTime));
        Assert.Contains(reason, app.Error, StringComparison.Ordinal);
    }

    /// <summary>The headers App Service authentication sets: the provider and the principal with the header's own claim types.</summary>
    private static (string Provider, string Header) Principal(string provider, params (string Type, string Value)[] claims)
    {
        var json = JsonSerializer.Serialize(new
        {
            auth_typ = provider,
            name_typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
            role_typ = "roles",
            claims = claims.Select(c => new { typ = c.Type, val = c.Value }),
        });
        return (provider, Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));
    }

    private static async Task<HttpResponseMessage> Get(HttpClient http, string path, string? token, (string Provider, string Header)? principal = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (principal is { } p)
        {
            request.Headers.Add(OfficialsAuthenticationHandler.ProviderHeader, p.Provider);
            request.Headers.Add(OfficialsAuthenticationHandler.PrincipalHeader, p.Header);
        }

        return await http.SendAsync(request);
    }
}

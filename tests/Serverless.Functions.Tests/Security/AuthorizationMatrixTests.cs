using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Azurite;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.Security;

/// <summary>
/// Every endpoint the app maps × every role, no token and an expired token: each must be listed here with who may
/// call it, so an endpoint added without thinking about access fails this test. "Allowed" means neither 401 nor 403
/// (the dummy ids then give 400 or 404); everyone else gets 403, and no or an expired token 401.
/// </summary>
public sealed class AuthorizationMatrixTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private const string OwnHospital = "H01001";
    private const string OtherHospital = "H09999";
    private static readonly string[] Officials = [.. Roles.Officials];
    private static readonly string[] Everyone = [.. Roles.Officials, "hospital", "hospital-other"];

    /// <summary>Method and route → who may call, and the body sent.</summary>
    private static readonly Dictionary<string, (string[] Allowed, string? Body)> Matrix = new(StringComparer.Ordinal)
    {
        ["PUT /api/campaigns/{campaignId}/scope"] = ([Roles.PriceOffice], ""),
        ["GET /api/campaigns/{campaignId}/scope"] = ([Roles.PriceOffice], null),
        ["POST /api/campaigns"] = ([Roles.PriceOffice], """{"campaignId":"bad id!"}"""),
        ["GET /api/campaigns/{campaignId}"] = (Everyone, null),
        ["POST /api/campaigns/{campaignId}/rounds/{round:int}/extend"] = ([Roles.PriceOffice], """{"seconds":60}"""),
        ["GET /api/campaigns/{campaignId}/rounds/{round:int}/missing"] = (Officials, null),
        ["GET /api/campaigns/{campaignId}/rounds/{round:int}/template"] = (["hospital", "hospital-other"], null),
        ["GET /api/campaigns/{campaignId}/results"] = (Everyone, null),
        ["GET /api/campaigns/{campaignId}/results/leagues/{league}"] = (Officials, null),
        ["GET /api/campaigns/{campaignId}/results/round-1/leagues/{league}"] = (Officials, null),
        ["GET /api/campaigns/{campaignId}/results/{**path}"] = (Officials, null),
        ["GET /api/campaigns/{campaignId}/hospitals/{hospital}/submissions"] = ([.. Officials, "hospital"], null),
        ["GET /api/campaigns/{campaignId}/hospitals/{hospital}/reports"] = ([.. Officials, "hospital"], null),
        ["GET /api/campaigns/{campaignId}/hospitals/{hospital}/reference-prices"] = ([.. Officials, "hospital"], null),
        ["GET /api/campaigns/{campaignId}/hospitals/{hospital}/reports/{round:int}/{report}"] = ([.. Officials, "hospital"], null),
        ["GET /api/campaigns"] = (Everyone, null),
        ["PUT /api/campaigns/{campaignId}/rounds/{round:int}/bids"] = (["hospital", "hospital-other"], ""),
        ["POST /api/campaigns/{campaignId}/rounds/{round:int}/upload-url"] = (["hospital", "hospital-other"], null),
        ["GET /api/campaigns/{campaignId}/hospitals/{hospital}/report"] = ([.. Officials, "hospital"], null),
        ["POST /api/new-items"] = ([Roles.PriceOffice, "hospital"], $$"""{"hospitalCode":"{{OwnHospital}}"}"""),
        ["POST /api/new-items/upload-url"] = (["hospital", "hospital-other"], """{"fileName":"authx.xlsx"}"""),
        ["PUT /api/new-items/workbook"] = (["hospital", "hospital-other"], ""),
        ["GET /api/new-items/workbook"] = (["hospital", "hospital-other"], null),
        ["GET /api/new-items/workbook/template"] = (["hospital", "hospital-other"], null),
        ["GET /api/new-items/tasks"] = (Everyone, null),
        ["GET /api/new-items/done"] = (Officials, null),
        ["PUT /api/new-items/catalogue"] = ([Roles.PriceOffice], ""),
        ["PUT /api/new-items/positions"] = ([Roles.PriceOffice], "[]"),
        ["GET /api/new-items/{applicationId}"] = (Everyone, null),
        ["POST /api/new-items/{applicationId}/decisions"] = (Officials, """{"step":"PriceReview","decision":"approve"}"""),
        ["POST /api/new-items/{applicationId}/resubmission"] = (Everyone, """{"hospitalCode":"H01001"}"""),
        ["GET /api/new-items"] = (Everyone, null),
        ["PUT /api/fund/{fund}/{year:int}/statements"] = ([Roles.FundOffice], ""),
        ["POST /api/fund/{fund}/{year:int}/transfers/{region}/confirm"] = ([Roles.FinanceOffice], null),
        ["GET /api/fund/{fund}/{year:int}"] = (Officials, null),
        ["GET /api/fund/{fund}/{year:int}/files/{**path}"] = (Officials, null),
        ["GET /api/fund/{fund}/ledger"] = (Officials, null),
        ["GET /api/fund/tasks"] = ([Roles.FinanceOffice], null),
        ["GET /api/me"] = (Everyone, null),
        ["GET /api/audit"] = ([Roles.OfficeHead, Roles.PriceOffice], null),
        ["PUT /api/reviews/{year:int}/{kind}/indicators"] = ([Roles.PriceOffice], ""),
        ["POST /api/reviews/{year:int}/complex/campaigns/{league}"] = ([Roles.PriceOffice], """{"decision":"confirm"}"""),
        ["GET /api/reviews/{year:int}/{kind}"] = (Officials, null),
        ["GET /api/campaigns/{campaignId}/monitoring"] = (Officials, null),
        ["GET /api/campaigns/{campaignId}/monitoring/evaluation"] = (Officials, null),
        ["GET /api/campaigns/{campaignId}/monitoring/{quarter}/leagues/{league}"] = (Officials, null),
        ["POST /api/campaigns/{campaignId}/monitoring/evaluation/next-scope"] = ([Roles.PriceOffice], """{"nextCampaignId":"bad id!"}"""),
        ["POST /api/simulations"] = ([Roles.PriceOffice], """{"campaignId":"bad id!"}"""),
        ["GET /api/simulations"] = ([Roles.PriceOffice], null),
        ["GET /api/simulations/{runId}"] = ([Roles.PriceOffice], null),
        ["GET /api/simulations/{runId}/compare/{otherRunId}"] = ([Roles.PriceOffice], null),
        ["PUT /api/simulations/workbooks/{workbookSetId}/rounds/{round:int}/hospitals/{hospital}"] = ([Roles.PriceOffice], ""),
        ["GET /api/simulations/workbooks/{workbookSetId}"] = ([Roles.PriceOffice], null),
    };

    /// <summary>Open on purpose: the service description, the OpenAPI document and the local-only development sign-in.</summary>
    private static readonly HashSet<string> Anonymous = new(StringComparer.Ordinal)
    {
        "GET /", "GET /openapi/{documentName}.json", "GET /console/dev-users", "POST /console/dev-signin",
    };

    [Fact]
    public async Task Every_endpoint_is_listed_and_answers_each_role_no_token_and_an_expired_token_as_listed()
    {
        await using var app = await ServerlessApp.BuildAsync(
            ["--urls", "http://127.0.0.1:0", $"--{AppSettings.StorageConnection}", fixture.Azurite.ConnectionString, $"--{AppSettings.TaskHub}", UniqueNames.Unique("hub"), "--Logging:LogLevel:Default", "Warning", $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", TestApps.LedgerKey, .. TestTokens.AppArguments]);
        await app.StartAsync();
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Where(key => !key.Contains("/custom-handler", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Empty(mapped.Except(Matrix.Keys).Except(Anonymous));
        Assert.Empty(Matrix.Keys.Except(mapped));

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var failures = new List<string>();
        foreach (var (key, (allowed, body)) in Matrix)
        {
            var method = key[..key.IndexOf(' ', StringComparison.Ordinal)];
            var path = Concrete(key[(method.Length + 1)..]);
            foreach (var caller in Everyone.Concat(Refused))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, body.Length == 0 ? "application/octet-stream" : "application/json");
                }

                var token = caller switch
                {
                    "none" or "forged-platform" => null,
                    "expired" => TestTokens.For(Roles.PriceOffice, lifetime: TimeSpan.FromMinutes(-1)),
                    "tampered" => Tampered(TestTokens.For(Roles.Hospital, OwnHospital)),
                    "fallback-key" => new DevTokens("local-development-only-not-a-secret").Issue("mallory", Roles.PriceOffice, null, DateTimeOffset.UtcNow.AddHours(1)),
                    "malformed-claims" => SignedPayload("{\"user\":\"\",\"role\":null,\"expiresUnix\":99999999999}"),
                    "hospital" => TestTokens.For(Roles.Hospital, OwnHospital),
                    "hospital-other" => TestTokens.For(Roles.Hospital, OtherHospital),
                    _ => TestTokens.For(caller),
                };
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                if (caller == "forged-platform")
                {
                    // What App Service authentication would send; with development sign-in configured it is nobody's word.
                    request.Headers.Add(OfficialsAuthenticationHandler.ProviderHeader, "aad");
                    request.Headers.Add(OfficialsAuthenticationHandler.PrincipalHeader, Convert.ToBase64String(Encoding.UTF8.GetBytes(
                        $$"""{"claims":[{"typ":"preferred_username","val":"mallory"},{"typ":"roles","val":"{{Roles.PriceOffice}}"}]}""")));
                }

                using var response = await http.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = Refused.Contains(caller) ? "401" : allowed.Contains(caller) ? "allowed" : "403";
                var actual = status is 401 or 403 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : status >= 500 ? $"{status}" : "allowed";
                if (expected != actual)
                {
                    failures.Add($"{key} as {caller}: expected {expected}, got {status}");
                }
            }
        }

        Assert.Empty(failures);
        await app.StopAsync();
    }

    /// <summary>Callers every protected endpoint must answer 401: no, expired, tampered, forged or malformed credentials.</summary>
    private static readonly string[] Refused = ["none", "expired", "tampered", "fallback-key", "malformed-claims", "forged-platform"];

    /// <summary>A valid token whose claims were edited afterwards (the hospital's token made a price official's), signature kept.</summary>
    private static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[0].Replace('-', '+').Replace('_', '/'))));
        var edited = payload.Replace($"\"{Roles.Hospital}\"", $"\"{Roles.PriceOffice}\"", StringComparison.Ordinal).Replace($"\"{OwnHospital}\"", "null", StringComparison.Ordinal);
        Assert.NotEqual(payload, edited);
        return $"{Convert.ToBase64String(Encoding.UTF8.GetBytes(edited)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{parts[1]}";
    }

    /// <summary>A payload signed with the right key (as a bug elsewhere could sign one) whose claims are missing or empty.</summary>
    private static string SignedPayload(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var signature = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestTokens.SigningKey), bytes);
        static string Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Url(bytes)}.{Url(signature)}";
    }

    private static string Pad(string text) => text + new string('=', (4 - (text.Length % 4)) % 4);

    private static string Concrete(string route) => route
        .Replace("{campaignId}", "authx", StringComparison.Ordinal).Replace("{round:int}", "1", StringComparison.Ordinal)
        .Replace("{**path}", "x.xlsx", StringComparison.Ordinal).Replace("{hospital}", OwnHospital, StringComparison.Ordinal)
        .Replace("{applicationId}", "ni-none", StringComparison.Ordinal).Replace("{fund}", "employees", StringComparison.Ordinal)
        .Replace("{year:int}", "2027", StringComparison.Ordinal).Replace("{region}", "R01", StringComparison.Ordinal)
        .Replace("{kind}", "complex", StringComparison.Ordinal).Replace("{league}", "L01", StringComparison.Ordinal)
        .Replace("{quarter}", "2027-Q1", StringComparison.Ordinal).Replace("{runId}", "authx", StringComparison.Ordinal)
        .Replace("{otherRunId}", "authy", StringComparison.Ordinal).Replace("{workbookSetId}", "authx", StringComparison.Ordinal)
        .Replace("{report}", "validation-20270101T000000000Z.xlsx", StringComparison.Ordinal);
}

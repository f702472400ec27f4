using System.Net.Http.Headers;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests;

/// <summary>Development tokens signed with the local key, as the issue-token command makes them.</summary>
public static class TestTokens
{
    private static readonly DevTokens Tokens = DevTokens.FromSetting(null);

    public static string For(string role, string? hospital = null, TimeSpan? lifetime = null, string user = "test.user")
        => Tokens.Issue(user, role, hospital, DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromHours(1)));

    public static HttpClient Client(Uri baseAddress, string role, string? hospital = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(role, hospital));
        return client;
    }
}

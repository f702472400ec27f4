using System.Net.Http.Headers;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests;

/// <summary>Development tokens, as the issue-token command makes them, signed with this test run's own random key.</summary>
public static class TestTokens
{
    /// <summary>The key every app this test run starts verifies tokens with (<see cref="AppArguments"/>).</summary>
    public static string SigningKey { get; } = Serverless.Functions.Security.Secrets.NewKey();

    /// <summary>The settings that make an app started by a test accept these tokens (Development, development-token sign-in).</summary>
    public static IReadOnlyList<string> AppArguments { get; } = SignInSetup.DevelopmentArguments(SigningKey);

    private static readonly DevTokens Tokens = new(SigningKey);

    public static string For(string role, string? hospital = null, TimeSpan? lifetime = null, string user = "test.user")
        => Tokens.Issue(user, role, hospital, DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromHours(1)));

    public static HttpClient Client(Uri baseAddress, string role, string? hospital = null, string user = "test.user")
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(role, hospital, user: user));
        return client;
    }
}

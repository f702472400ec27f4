using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Serverless.Functions.Security;

/// <summary>
/// Signed development tokens for local use (HMAC-SHA256 over user, role, hospital and expiry), issued by
/// <c>dotnet run --project functions -- issue-token --user u --role price-office</c>. In Azure, officials sign in with
/// Entra ID through App Service authentication instead, and these tokens are not accepted.
/// </summary>
public sealed class DevTokens(byte[] key)
{
    /// <summary>The key used when none is configured: local development only.</summary>
    public const string LocalDevelopmentKey = "local-development-only-not-a-secret";

    public static DevTokens FromSetting(string? setting) => new(Encoding.UTF8.GetBytes(setting is { Length: > 0 } ? setting : LocalDevelopmentKey));

    public string Issue(string user, string role, string? hospital, DateTimeOffset expires)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TokenClaims(user, role, hospital, expires.ToUnixTimeSeconds()));
        return $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(key, payload))}";
    }

    /// <summary>The token's claims when its signature is right and it has not expired; otherwise null and why.</summary>
    public TokenClaims? Validate(string token, DateTimeOffset now, out string? problem)
    {
        problem = null;
        var parts = token.Split('.');
        byte[] payload;
        byte[] signature;
        try
        {
            if (parts.Length != 2)
            {
                throw new FormatException();
            }

            payload = FromBase64Url(parts[0]);
            signature = FromBase64Url(parts[1]);
        }
        catch (FormatException)
        {
            problem = "malformed token";
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(key, payload)))
        {
            problem = "bad signature";
            return null;
        }

        var claims = JsonSerializer.Deserialize<TokenClaims>(payload);
        if (claims is null || DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresUnix) <= now)
        {
            problem = "expired token";
            return null;
        }

        return claims;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Serverless.Functions.Security;

/// <summary>
/// Signed development tokens for local use (HMAC-SHA256 over user, role, hospital and expiry), issued by
/// <c>dotnet run --project functions -- issue-token --user u --role price-office</c>, accepted only in the
/// <see cref="SignInMode.DevelopmentTokens"/> mode (Development). There is no built-in key: the operator configures one.
/// </summary>
public sealed class DevTokens
{
    private readonly byte[] _key;

    /// <param name="signingKey">At least <see cref="SignInOptions.MinimumSigningKeyLength"/> characters.</param>
    public DevTokens(string signingKey)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        if (signingKey.Trim().Length < SignInOptions.MinimumSigningKeyLength)
        {
            throw new ArgumentException($"A development-token signing key has at least {SignInOptions.MinimumSigningKeyLength} characters.", nameof(signingKey));
        }

        _key = Encoding.UTF8.GetBytes(signingKey.Trim());
    }


    /// <param name="region">A finance office's co-ordination region; none for every other role (and a finance office of every region).</param>
    public string Issue(string user, string role, string? hospital, DateTimeOffset expires, string? region = null)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TokenClaims(user, role, hospital, expires.ToUnixTimeSeconds(), region));
        return $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(_key, payload))}";
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

        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload)))
        {
            problem = "bad signature";
            return null;
        }

        TokenClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize<TokenClaims>(payload);
        }
        catch (JsonException)
        {
            claims = null;
        }

        if (claims is null || string.IsNullOrWhiteSpace(claims.User) || string.IsNullOrWhiteSpace(claims.Role))
        {
            problem = "malformed claims";
            return null;
        }

        if (claims.ExpiresUnix <= now.ToUnixTimeSeconds())
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

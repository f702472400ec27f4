using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Serverless.Functions.Security;

/// <summary>
/// Who is calling: in Azure, the principal App Service authentication (Entra ID) puts in X-MS-CLIENT-PRINCIPAL;
/// locally, a development bearer token. A missing, forged or expired credential is a 401; a wrong role is a 403.
/// </summary>
public sealed class OfficialsAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DevTokens tokens,
    TimeProvider time,
    IConfiguration configuration) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Officials";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var inAzure = configuration[Hosting.AppSettings.StorageAccountName] is { Length: > 0 };
        if (inAzure && Request.Headers.TryGetValue("X-MS-CLIENT-PRINCIPAL", out var principalHeader))
        {
            return Task.FromResult(FromAppService(principalHeader.ToString()));
        }

        var authorization = Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (inAzure)
        {
            return Task.FromResult(AuthenticateResult.Fail("Development tokens are not accepted in Azure; sign in with Entra ID."));
        }

        var claims = tokens.Validate(authorization["Bearer ".Length..].Trim(), time.GetUtcNow(), out var problem);
        if (claims is null)
        {
            return Task.FromResult(AuthenticateResult.Fail(problem ?? "invalid token"));
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, claims.User));
        identity.AddClaim(new Claim(ClaimTypes.Role, claims.Role));
        if (claims.Hospital is { Length: > 0 } hospital)
        {
            identity.AddClaim(new Claim(Roles.HospitalClaim, hospital));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static AuthenticateResult FromAppService(string header)
    {
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            var root = document.RootElement;
            var nameType = root.TryGetProperty("name_typ", out var n) ? n.GetString() ?? ClaimTypes.Name : ClaimTypes.Name;
            var roleType = root.TryGetProperty("role_typ", out var r) ? r.GetString() ?? ClaimTypes.Role : ClaimTypes.Role;
            var identity = new ClaimsIdentity(SchemeName, nameType, roleType);
            foreach (var claim in root.GetProperty("claims").EnumerateArray())
            {
                var type = claim.GetProperty("typ").GetString()!;
                var value = claim.GetProperty("val").GetString()!;
                identity.AddClaim(new Claim(type == "roles" ? roleType : type, value));
            }

            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
        }
        catch (Exception error) when (error is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return AuthenticateResult.Fail("Unreadable X-MS-CLIENT-PRINCIPAL header.");
        }
    }
}

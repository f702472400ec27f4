using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Serverless.Functions.Security;

/// <summary>
/// Who is calling, in the one mode the operator configured (<see cref="SignInOptions"/>): the principal App Service
/// authentication (Entra ID) puts in X-MS-CLIENT-PRINCIPAL, or a development bearer token. Either way the identity
/// carries our claim types (name, role, hospital, region), a name, known roles and a well-formed hospital or region code, or it is refused:
/// a missing, forged, malformed or expired credential is a 401, a wrong role a 403.
/// </summary>
public sealed class OfficialsAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<SignInOptions> signIn,
    IServiceProvider services,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Officials";

    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    public const string ProviderHeader = "X-MS-CLIENT-PRINCIPAL-IDP";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var settings = signIn.Value;
        return Task.FromResult(settings.Mode switch
        {
            SignInMode.AppService => FromAppService(settings.AppService),
            SignInMode.DevelopmentTokens => FromDevelopmentToken(services.GetRequiredService<DevTokens>()),
            _ => AuthenticateResult.Fail("No sign-in mode is configured."),
        });
    }

    private AuthenticateResult FromDevelopmentToken(DevTokens tokens)
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var claims = tokens.Validate(authorization["Bearer ".Length..].Trim(), time.GetUtcNow(), out var problem);
        return claims is null
            ? AuthenticateResult.Fail(problem ?? "invalid token")
            : Signed(claims.User, [claims.Role], claims.Hospital, claims.Region);
    }

    private AuthenticateResult FromAppService(AppServiceSignInOptions claimTypes)
    {
        if (!Request.Headers.TryGetValue(PrincipalHeader, out var header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!string.Equals(Request.Headers[ProviderHeader].ToString(), claimTypes.IdentityProvider, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail($"The caller was not signed in by {claimTypes.IdentityProvider}.");
        }

        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header.ToString())));
            var claims = document.RootElement.GetProperty("claims").EnumerateArray()
                .Select(c => (Type: c.GetProperty("typ").GetString(), Value: c.GetProperty("val").GetString()))
                .Where(c => c.Type is not null && c.Value is not null)
                .ToList();
            string? Single(string type) => claims.Where(c => c.Type == type).Select(c => c.Value).FirstOrDefault();
            return Signed(Single(claimTypes.NameClaimType), [.. claims.Where(c => c.Type == claimTypes.RoleClaimType).Select(c => c.Value!)], Single(claimTypes.HospitalClaimType), Single(claimTypes.RegionClaimType));
        }
        catch (Exception error) when (error is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return AuthenticateResult.Fail($"Unreadable {PrincipalHeader} header.");
        }
    }

    /// <summary>The identity in our claim types, or a failure when it lacks a name, has no known role, a bad hospital code, or a region without being a finance office.</summary>
    private static AuthenticateResult Signed(string? name, IReadOnlyList<string> roles, string? hospital, string? region)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return AuthenticateResult.Fail("The sign-in names no user.");
        }

        var known = roles.Where(Roles.All.Contains).Distinct(StringComparer.Ordinal).ToList();
        if (known.Count == 0)
        {
            return AuthenticateResult.Fail("The sign-in carries none of our roles.");
        }

        var isHospital = known.Contains(Roles.Hospital);
        if (isHospital != hospital is not null || (hospital is not null && !SignedInHospital.IsWellFormed(hospital)))
        {
            return AuthenticateResult.Fail("A hospital user needs exactly one well-formed hospital code; officials carry none.");
        }

        if (region is not null && (!known.Contains(Roles.FinanceOffice) || !SignedInRegion.IsWellFormed(region)))
        {
            return AuthenticateResult.Fail("Only a finance office carries a region, and a well-formed one.");
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaims(known.Select(role => new Claim(ClaimTypes.Role, role)));
        if (hospital is not null)
        {
            identity.AddClaim(new Claim(Roles.HospitalClaim, hospital));
        }

        if (region is not null)
        {
            identity.AddClaim(new Claim(Roles.RegionClaim, region));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

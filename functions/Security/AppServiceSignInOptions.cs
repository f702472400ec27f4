namespace Serverless.Functions.Security;

/// <summary>
/// <c>Authentication:AppService</c>: which claims of the platform's principal name the caller, carry the roles and the
/// hospital code, and which identity provider signed them in. Ours, never the header's own <c>name_typ</c>/<c>role_typ</c>.
/// </summary>
public sealed class AppServiceSignInOptions
{
    /// <summary>Entra ID's user principal name claim as App Service passes it on.</summary>
    public string NameClaimType { get; set; } = "preferred_username";

    /// <summary>Entra ID app roles (the values are <see cref="Roles.All"/>).</summary>
    public string RoleClaimType { get; set; } = "roles";

    /// <summary>The directory extension holding a hospital clerk's hospital code.</summary>
    public string HospitalClaimType { get; set; } = "hospital";

    /// <summary>The directory extension holding a regional finance office's co-ordination region code.</summary>
    public string RegionClaimType { get; set; } = "region";

    /// <summary>The provider App Service names in <c>X-MS-CLIENT-PRINCIPAL-IDP</c> (Entra ID is <c>aad</c>).</summary>
    public string IdentityProvider { get; set; } = "aad";
}

namespace Serverless.Functions.Security;

/// <summary>
/// The <c>Authentication</c> settings (environment or app settings <c>Authentication__Mode</c>,
/// <c>Authentication__DevelopmentTokens__SigningKey</c>, <c>Authentication__AppService__NameClaimType</c>, …).
/// Checked at start by <see cref="SignInOptionsValidator"/>: a mode that would accept forged callers stops the app.
/// </summary>
public sealed class SignInOptions
{
    public const string Section = "Authentication";

    /// <summary>The shortest signing key accepted: 32 characters (256 bits of a base64 key).</summary>
    public const int MinimumSigningKeyLength = 32;

    public SignInMode? Mode { get; set; }

    public DevelopmentTokenOptions DevelopmentTokens { get; set; } = new();

    public AppServiceSignInOptions AppService { get; set; } = new();

    /// <summary>
    /// Whether App Service authentication is on in front of this app: the platform's own <c>WEBSITE_AUTH_ENABLED</c>,
    /// which App Service sets when authentication is configured (authsettingsV2 in the Bicep).
    /// </summary>
    public bool PlatformAuthenticationEnabled { get; set; }

    public const string PlatformAuthenticationSetting = "WEBSITE_AUTH_ENABLED";
}

namespace Serverless.Functions.Security;

/// <summary>How callers prove who they are (<c>Authentication:Mode</c>); there is no default, the operator chooses.</summary>
public enum SignInMode
{
    /// <summary>Signed development tokens (<c>issue-token</c>, the console's local sign-in): Development only, with a configured key.</summary>
    DevelopmentTokens = 1,

    /// <summary>
    /// App Service authentication (Entra ID) in front of the app puts the caller in <c>X-MS-CLIENT-PRINCIPAL</c>; the
    /// platform strips that header from outside requests, so it is trusted only when the platform says it is on.
    /// </summary>
    AppService = 2,
}

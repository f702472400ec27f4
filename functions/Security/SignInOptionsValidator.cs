using Microsoft.Extensions.Options;

namespace Serverless.Functions.Security;

/// <summary>
/// Refuses, at start, every sign-in configuration that would let a caller in on our word rather than on proof: no
/// mode, development tokens outside Development or with a short key, App Service mode without the platform's
/// authentication in front, or claim types left empty.
/// </summary>
public sealed class SignInOptionsValidator(IHostEnvironment environment) : IValidateOptions<SignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Problems(options, environment.EnvironmentName);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static IReadOnlyList<string> Problems(SignInOptions options, string environmentName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        switch (options.Mode)
        {
            case null:
                problems.Add($"Set {SignInOptions.Section}:Mode ({SignInOptions.Section}__Mode) to {SignInMode.AppService} (Entra ID through App Service authentication) or {SignInMode.DevelopmentTokens} (Development only).");
                break;
            case SignInMode.DevelopmentTokens:
                if (!string.Equals(environmentName, Environments.Development, StringComparison.Ordinal))
                {
                    problems.Add($"{SignInMode.DevelopmentTokens} sign-in is refused in the {environmentName} environment: it is for Development only.");
                }

                if ((options.DevelopmentTokens.SigningKey?.Trim().Length ?? 0) < SignInOptions.MinimumSigningKeyLength)
                {
                    problems.Add($"{SignInOptions.Section}:DevelopmentTokens:SigningKey must be at least {SignInOptions.MinimumSigningKeyLength} characters (make one with `dotnet run --project functions -- new-key`).");
                }

                break;
            case SignInMode.AppService:
                if (!options.PlatformAuthenticationEnabled)
                {
                    problems.Add($"{SignInMode.AppService} sign-in needs App Service authentication in front of the app ({SignInOptions.PlatformAuthenticationSetting} is not true), or X-MS-CLIENT-PRINCIPAL could be forged.");
                }

                var claims = options.AppService;
                if (new[] { claims.NameClaimType, claims.RoleClaimType, claims.HospitalClaimType, claims.IdentityProvider }.Any(string.IsNullOrWhiteSpace))
                {
                    problems.Add($"{SignInOptions.Section}:AppService: NameClaimType, RoleClaimType, HospitalClaimType and IdentityProvider must not be empty.");
                }

                break;
            default:
                problems.Add($"{SignInOptions.Section}:Mode '{options.Mode}' is not one of {string.Join(", ", Enum.GetNames<SignInMode>())}.");
                break;
        }

        return problems;
    }
}

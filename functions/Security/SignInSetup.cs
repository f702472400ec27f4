using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Serverless.Functions.Security;

/// <summary>Sign-in for both hosts: the <see cref="SignInOptions"/> bound and validated at start, the scheme, and — in that mode only — the development tokens.</summary>
public static class SignInSetup
{
    /// <summary>The <c>Authentication</c> section as the app sees it, the platform's authentication flag included.</summary>
    public static SignInOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new SignInOptions();
        Bind(configuration, options);
        return options;
    }

    /// <summary>The options, or an <see cref="OptionsValidationException"/> listing every problem, before anything has started.</summary>
    public static SignInOptions ReadValidated(IConfiguration configuration, string environmentName)
    {
        SignInOptions options;
        try
        {
            options = Read(configuration);
        }
        catch (InvalidOperationException error)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SignInOptions), [$"{SignInOptions.Section}: {error.InnerException?.Message ?? error.Message}"]);
        }

        var problems = SignInOptionsValidator.Problems(options, environmentName);
        return problems.Count == 0 ? options : throw new OptionsValidationException(Options.DefaultName, typeof(SignInOptions), problems);
    }

    /// <summary>The command-line settings of a local host in Development signing its own tokens with <paramref name="signingKey"/> (demo, tests).</summary>
    public static string[] DevelopmentArguments(string signingKey) =>
        ["--environment", Environments.Development, $"--{SignInOptions.Section}:Mode", nameof(SignInMode.DevelopmentTokens), $"--{SignInOptions.Section}:DevelopmentTokens:SigningKey", signingKey];

    public static void AddSignIn(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignInOptions>().Configure(options => Bind(configuration, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignInOptions>, SignInOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SignInOptions>>().Value is { Mode: SignInMode.DevelopmentTokens } options
            ? new DevTokens(options.DevelopmentTokens.SigningKey!)
            : throw new InvalidOperationException($"Development tokens exist only in the {SignInMode.DevelopmentTokens} sign-in mode."));
        services.AddAuthentication(OfficialsAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, OfficialsAuthenticationHandler>(OfficialsAuthenticationHandler.SchemeName, null);
    }

    private static void Bind(IConfiguration configuration, SignInOptions options)
    {
        configuration.GetSection(SignInOptions.Section).Bind(options);
        options.PlatformAuthenticationEnabled = bool.TryParse(configuration[SignInOptions.PlatformAuthenticationSetting], out var enabled) && enabled;
    }
}

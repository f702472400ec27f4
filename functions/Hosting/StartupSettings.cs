using Microsoft.Extensions.Options;
using Serverless.Functions.ReserveFund;
using Serverless.Functions.Security;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Every setting the app cannot run safely without, checked together before anything starts (Azurite, the engine,
/// storage): sign-in, storage and the ledger key. One refusal lists every problem, so an operator fixes them in one go.
/// The same options are validated again on start (<c>ValidateOnStart</c>) for the host that builds them.
/// </summary>
public static class StartupSettings
{
    public static (SignInOptions SignIn, StorageOptions Storage) Checked(IConfiguration configuration, IHostEnvironment environment, bool mayEmbedStorage)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<string>();
        SignInOptions? signIn = null;
        try
        {
            signIn = SignInSetup.ReadValidated(configuration, environment.EnvironmentName);
        }
        catch (OptionsValidationException refused)
        {
            problems.AddRange(refused.Failures);
        }

        var storage = StorageOptions.From(configuration);
        problems.AddRange(storage.Problems(mayEmbedStorage && environment.IsDevelopment()));
        if ((configuration.GetSection(LedgerOptions.Section).Get<LedgerOptions>() ?? new LedgerOptions()).Problem is { } ledger)
        {
            problems.Add(ledger);
        }

        return problems.Count == 0 ? (signIn!, storage) : throw new OptionsValidationException(Options.DefaultName, typeof(StartupSettings), problems);
    }
}

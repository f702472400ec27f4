using Serverless.Functions.Security;

namespace Serverless.Reliability;

/// <summary>Development tokens for one run of the harness, signed with a key made for that run and given to every host it starts.</summary>
internal static class RunTokens
{
    private static readonly string SigningKey = Serverless.Functions.Security.Secrets.NewKey();

    public static DevTokens Tokens { get; } = new(SigningKey);

    public static IReadOnlyList<string> AppArguments { get; } = SignInSetup.DevelopmentArguments(SigningKey);
}

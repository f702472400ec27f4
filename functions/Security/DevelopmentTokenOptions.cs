namespace Serverless.Functions.Security;

/// <summary><c>Authentication:DevelopmentTokens</c>: the key that signs local development tokens (no default exists).</summary>
public sealed class DevelopmentTokenOptions
{
    public string? SigningKey { get; set; }
}

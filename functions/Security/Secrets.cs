using System.Security.Cryptography;

namespace Serverless.Functions.Security;

/// <summary>Keys made on this machine: 256 random bits, base64 (a developer's settings, one demo or test run).</summary>
public static class Secrets
{
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

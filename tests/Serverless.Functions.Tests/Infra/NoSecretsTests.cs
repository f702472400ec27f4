using System.Diagnostics;
using System.Text.RegularExpressions;
using Serverless.Azurite;

namespace Serverless.Functions.Tests.Infra;

/// <summary>No secret is committed: connection strings come from settings; only Azurite's published development key may appear.</summary>
public sealed partial class NoSecretsTests
{
    /// <summary>Azurite's well-known development account key, published in its documentation: not a secret.</summary>
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void Tracked_files_hold_no_account_key_sas_token_private_key_or_client_secret()
    {
        var root = AzuriteInstance.FindRepositoryRoot();
        var start = new ProcessStartInfo("git", "ls-files -z") { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
        using var git = Process.Start(start)!;
        var files = git.StandardOutput.ReadToEnd().Split('\0', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();
        Assert.True(files.Length > 50, "git ls-files listed too few files: is this a clone?");

        var findings = new List<string>();
        foreach (var file in files.Where(f => !f.EndsWith(".png", StringComparison.Ordinal) && !f.EndsWith(".xlsx", StringComparison.Ordinal)))
        {
            var path = Path.Combine(root, file);
            if (!File.Exists(path) || new FileInfo(path).Length > 2_000_000)
            {
                continue;
            }

            var text = File.ReadAllText(path);
            foreach (Match match in Secret().Matches(text))
            {
                if (!match.Value.Contains(AzuriteKey, StringComparison.Ordinal) && !match.Value.Contains("{", StringComparison.Ordinal) && !match.Value.Contains('$', StringComparison.Ordinal))
                {
                    findings.Add($"{file}: {match.Value[..Math.Min(40, match.Value.Length)]}…");
                }
            }
        }

        Assert.Empty(findings);
    }

    [GeneratedRegex(@"AccountKey=[^;""'\s]{20,}|[?&]sig=[A-Za-z0-9%]{20,}|-----BEGIN (RSA |EC )?PRIVATE KEY-----|InstrumentationKey=[0-9a-f-]{36}|client_secret[""']?\s*[:=]\s*[""'][^""']{8,}")]
    private static partial Regex Secret();
}

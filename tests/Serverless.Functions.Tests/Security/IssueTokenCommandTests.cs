using System.Diagnostics;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.Security;

/// <summary>The issue-token command, run as a developer runs it: a usage error instead of a stack trace.</summary>
public sealed class IssueTokenCommandTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("100000")]
    public async Task A_bad_hours_value_is_refused_with_a_usage_error(string hours)
    {
        var (exit, output, error) = await RunAsync("issue-token", "--user", "zhang.wei", "--role", Roles.PriceOffice, "--hours", hours);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains($"--hours must be a number of hours between 0 and 744 (31 days), not '{hours}'.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_request_prints_a_token_the_app_accepts()
    {
        var (exit, output, _) = await RunAsync("issue-token", "--user", "zhang.wei", "--role", Roles.PriceOffice, "--hours", "1.5");

        Assert.Equal(0, exit);
        var token = output.Trim();
        Assert.Equal(2, token.Split('.').Length);
        Assert.Equal("zhang.wei", DevTokens.FromSetting(null).Validate(token, DateTimeOffset.UtcNow.AddHours(1), out _)?.User);
        Assert.Null(DevTokens.FromSetting(null).Validate(token, DateTimeOffset.UtcNow.AddHours(2), out _));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Serverless.Functions.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove(Serverless.Functions.Hosting.AppSettings.TokenSigningKey);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}

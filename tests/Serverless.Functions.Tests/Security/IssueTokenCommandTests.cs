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

    [Theory]
    [InlineData("Authentication__DevelopmentTokens__SigningKey")]
    [InlineData("Authentication:DevelopmentTokens:SigningKey")]
    public async Task A_good_request_prints_a_token_signed_with_the_key_in_the_environment(string variable)
    {
        var (exit, output, _) = await RunWithAsync(new() { [variable] = TestTokens.SigningKey },
            "issue-token", "--user", "zhang.wei", "--role", Roles.PriceOffice, "--hours", "1.5");

        Assert.Equal(0, exit);
        var token = output.Trim();
        Assert.Equal(2, token.Split('.').Length);
        var tokens = new DevTokens(TestTokens.SigningKey);
        Assert.Equal("zhang.wei", tokens.Validate(token, DateTimeOffset.UtcNow.AddHours(1), out _)?.User);
        Assert.Null(tokens.Validate(token, DateTimeOffset.UtcNow.AddHours(2), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("short-key")]
    public async Task Without_a_configured_key_of_32_characters_no_token_is_issued(string? key)
    {
        var (exit, output, error) = await RunWithAsync(key is null ? [] : new() { ["Authentication__DevelopmentTokens__SigningKey"] = key },
            "issue-token", "--user", "zhang.wei", "--role", Roles.PriceOffice);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("Authentication__DevelopmentTokens__SigningKey", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Hospital, "../H01001")]
    [InlineData(Roles.Hospital, "H01001/other")]
    [InlineData(Roles.Hospital, null)]
    [InlineData(Roles.PriceOffice, "H01001")]
    public async Task A_malformed_or_misplaced_hospital_is_refused(string role, string? hospital)
    {
        string[] arguments = ["issue-token", "--user", "clerk", "--role", role, .. hospital is null ? Array.Empty<string>() : ["--hospital", hospital]];
        var (exit, output, error) = await RunWithAsync(new() { ["Authentication__DevelopmentTokens__SigningKey"] = TestTokens.SigningKey }, arguments);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("--hospital", error, StringComparison.Ordinal);
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(params string[] arguments) => RunWithAsync([], arguments);

    private static Task<(int Exit, string Output, string Error)> RunWithAsync(Dictionary<string, string> environment, params string[] arguments)
        => AppCommand.RunAsync(environment, arguments);
}

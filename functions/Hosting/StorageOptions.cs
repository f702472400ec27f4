using System.Text.RegularExpressions;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Where the app keeps its state: a connection string (<c>AzureWebJobsStorage</c>; Azurite locally) or, in Azure, the
/// account name used with the app's managed identity (<c>AzureWebJobsStorage:accountName</c>, app setting
/// <c>AzureWebJobsStorage__accountName</c>). One of them, never both; with neither, only the local host in Development
/// starts its own Azurite.
/// </summary>
public sealed partial class StorageOptions
{
    public string? ConnectionString { get; init; }

    public string? AccountName { get; init; }

    public static StorageOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new StorageOptions
        {
            ConnectionString = configuration[AppSettings.StorageConnection] is { Length: > 0 } connection ? connection : null,
            AccountName = configuration[AppSettings.StorageAccountName] is { Length: > 0 } account ? account.Trim() : null,
        };
    }

    /// <summary>What is wrong with these settings for a host that <paramref name="mayEmbed"/> Azurite when none is given.</summary>
    public IReadOnlyList<string> Problems(bool mayEmbed)
    {
        var problems = new List<string>();
        if (ConnectionString is not null && AccountName is not null)
        {
            problems.Add($"Set {AppSettings.StorageConnection} or {AppSettings.AsEnvironmentVariable(AppSettings.StorageAccountName)}, not both.");
        }

        if (AccountName is not null && !AccountNamePattern().IsMatch(AccountName))
        {
            problems.Add($"{AppSettings.AsEnvironmentVariable(AppSettings.StorageAccountName)} '{AccountName}' is not a storage account name (3-24 lowercase letters and digits).");
        }

        if (ConnectionString is null && AccountName is null && !mayEmbed)
        {
            problems.Add($"Set {AppSettings.AsEnvironmentVariable(AppSettings.StorageAccountName)} (managed identity) or {AppSettings.StorageConnection} (a connection string); only the local host in Development starts its own Azurite.");
        }

        return problems;
    }

    [GeneratedRegex(@"^[a-z0-9]{3,24}\z")]
    private static partial Regex AccountNamePattern();
}

using Azure.Data.Tables;
using Serverless.Domain.ReserveFund;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.ReserveFund;

/// <summary>
/// <c>verify-ledger [connection string] [--Ledger:MacKey …]</c>: checks each reserve fund's ledger in the table — hash
/// chain, MACs, idempotency markers, stray or malformed rows. Exit 0 when intact, 1 on any sign of tampering, 2 when
/// the storage or the key is not given (the key also from <c>Ledger__MacKey</c>, the storage from <c>AzureWebJobsStorage</c>).
/// </summary>
public static class VerifyLedgerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var positional = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(positional is null ? args : args[1..]).Build();
        var connection = positional ?? configuration[AppSettings.StorageConnection];
        if (connection is not { Length: > 0 })
        {
            Console.Error.WriteLine($"Give the storage connection string as an argument or in {AppSettings.StorageConnection}.");
            return 2;
        }

        var options = configuration.GetSection(LedgerOptions.Section).Get<LedgerOptions>() ?? new LedgerOptions();
        if (options.Problem is { } missing)
        {
            Console.Error.WriteLine($"{missing} Give it as --{LedgerOptions.MacKeySetting} <key> or in the environment.");
            return 2;
        }

        var ledger = new LedgerTable(new TableClient(connection, StorageNames.FundLedgerTable), TimeProvider.System, options);
        var tampered = 0;
        foreach (var fund in Enum.GetValues<InsuranceType>())
        {
            var check = await ledger.CheckAsync(fund, CancellationToken.None);
            Console.WriteLine($"{fund}: {check.Entries.Count} entries, balance {Ledger.Balance(check.Entries).Value:0.00}, {(check.Intact ? "intact" : "TAMPERED: " + check.Problem)}");
            tampered += check.Intact ? 0 : 1;
        }

        if (await ledger.StrayRowAsync(CancellationToken.None) is { } stray)
        {
            Console.WriteLine($"Other rows: TAMPERED: {stray}");
            tampered++;
        }

        return tampered == 0 ? 0 : 1;
    }
}

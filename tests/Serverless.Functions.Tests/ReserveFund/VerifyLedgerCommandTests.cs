using Azure.Data.Tables;
using Serverless.Domain;
using Serverless.Domain.ReserveFund;
using Serverless.Functions.Hosting;
using Serverless.Functions.ReserveFund;

namespace Serverless.Functions.Tests.ReserveFund;

/// <summary>
/// <c>verify-ledger</c> run as an operator runs it, as its own process over the ledger table: 0 intact, 1 tampered
/// (with the reason, never a stack trace), 2 without a usable key. The tests of this class share one Azurite and run
/// one after another; each starts from an empty ledger table.
/// </summary>
public sealed class VerifyLedgerCommandTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private readonly string _key = Serverless.Functions.Security.Secrets.NewKey();

    [Fact]
    public async Task An_intact_ledger_exits_0_with_the_key_from_the_environment()
    {
        await PostThreeAsync();

        var (exit, output, error) = await RunAsync(new Dictionary<string, string> { ["Ledger__MacKey"] = _key }, "verify-ledger", fixture.Azurite.ConnectionString);

        Assert.Equal((0, ""), (exit, error));
        Assert.Contains("Employees: 3 entries, balance 600.00, intact", output, StringComparison.Ordinal);
        Assert.Contains("Residents: 0 entries, balance 0.00, intact", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_rewritten_with_recomputed_hashes_exits_1_naming_the_first_forged_entry()
    {
        var posted = await PostThreeAsync();
        var forged = await LedgerForgery.RewriteAmountAsync(Table(), posted, 2, new Yuan(20_000m));
        Assert.Null(Ledger.Verify(forged));

        var (exit, output, error) = await RunAsync([], "verify-ledger", fixture.Azurite.ConnectionString, $"--{LedgerOptions.MacKeySetting}", _key);

        Assert.Equal((1, ""), (exit, error));
        Assert.Contains("Employees: 3 entries, balance 20400.00, TAMPERED: Entry 2 does not carry the ledger's MAC", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad amount", "Employees: 2 entries, balance 400.00, TAMPERED: Row 0000000000000000002 is not a well-formed ledger entry (bad or missing Amount)")]
    [InlineData("year as text", "Employees: 2 entries, balance 400.00, TAMPERED: Row 0000000000000000002 is not a well-formed ledger entry (bad or missing Year)")]
    [InlineData("non-numeric sequence", "TAMPERED: Row 000000000000000000x is neither a ledger entry nor an idempotency marker")]
    [InlineData("stray row", "TAMPERED: Row zz-note is neither a ledger entry nor an idempotency marker")]
    [InlineData("another partition", "Other rows: TAMPERED: Row Pensions/0000000000000000001 lies outside every fund's ledger")]
    public async Task A_malformed_or_stray_row_exits_1_with_a_report_not_a_crash(string kind, string reported)
    {
        var posted = await PostThreeAsync();
        await Table().UpsertEntityAsync(LedgerForgery.StrayOrMalformed(kind, posted), TableUpdateMode.Replace);

        var (exit, output, error) = await RunAsync([], "verify-ledger", fixture.Azurite.ConnectionString, $"--{LedgerOptions.MacKeySetting}", _key);

        Assert.Equal((1, ""), (exit, error));
        Assert.Contains(reported, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("only-twenty-characters")]
    public async Task Without_a_usable_key_it_exits_2_saying_which_setting_is_missing(string? key)
    {
        await PostThreeAsync();
        string[] args = ["verify-ledger", fixture.Azurite.ConnectionString];

        var (exit, output, error) = await RunAsync([], key is null ? args : [.. args, $"--{LedgerOptions.MacKeySetting}", key]);

        Assert.Equal((2, ""), (exit, output));
        Assert.Contains("Ledger:MacKey (environment Ledger__MacKey) must be a secret of at least 32 characters", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    private TableClient Table() => new TableServiceClient(fixture.Azurite.ConnectionString).GetTableClient(StorageNames.FundLedgerTable);

    private async Task<IReadOnlyList<LedgerEntry>> PostThreeAsync()
    {
        var table = Table();
        await LedgerForgery.ClearAsync(table);
        return await LedgerForgery.PostThreeAsync(new LedgerTable(table, TimeProvider.System, new LedgerOptions { MacKey = _key }), InsuranceType.Employees);
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(Dictionary<string, string> environment, params string[] arguments)
        => AppCommand.RunAsync(environment, arguments);
}

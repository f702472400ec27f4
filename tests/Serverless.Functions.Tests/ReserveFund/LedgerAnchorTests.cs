using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Azurite;
using Serverless.Domain;
using Serverless.Domain.ReserveFund;
using Serverless.Functions.Hosting;
using Serverless.Functions.ReserveFund;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.ReserveFund;

/// <summary>
/// The ledger anchored by a keyed MAC (issue 18): someone who can write the table but lacks the key cannot rewrite
/// history even by recomputing every hash; rows written by hand are reported as tampering, never thrown; and without
/// a key the app does not start.
/// </summary>
public sealed class LedgerAnchorTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private const InsuranceType Fund = InsuranceType.Employees;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Rewriting_history_with_recomputed_hashes_keeps_the_chain_but_breaks_the_mac()
    {
        var (table, ledger) = await NewLedgerAsync(Serverless.Functions.Security.Secrets.NewKey());
        var posted = await LedgerForgery.PostThreeAsync(ledger, Fund);

        var forged = await LedgerForgery.RewriteAmountAsync(table, posted, 2, new Yuan(20_000m));

        Assert.Null(Ledger.Verify(forged));
        Assert.Equal(forged, await ledger.EntriesAsync(Fund, default));
        Assert.Equal(new Yuan(20_400m), await ledger.BalanceAsync(Fund, default));
        Assert.Equal("Entry 2 does not carry the ledger's MAC: the history from here was rewritten without the key.", await ledger.VerifyAsync(Fund, default));
    }

    [Fact]
    public async Task An_intact_ledger_checked_with_another_key_is_not_taken_as_intact()
    {
        var (table, ledger) = await NewLedgerAsync(Serverless.Functions.Security.Secrets.NewKey());
        await LedgerForgery.PostThreeAsync(ledger, Fund);

        var checkedWithOtherKey = await new LedgerTable(table, TimeProvider.System, new LedgerOptions { MacKey = Serverless.Functions.Security.Secrets.NewKey() }).CheckAsync(Fund, default);

        Assert.Null(await ledger.VerifyAsync(Fund, default));
        Assert.False(checkedWithOtherKey.Intact);
        Assert.StartsWith("Entry 1 does not carry the ledger's MAC", checkedWithOtherKey.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad amount", "Row 0000000000000000002 is not a well-formed ledger entry (bad or missing Amount)")]
    [InlineData("amount as a number", "Row 0000000000000000002 is not a well-formed ledger entry (bad or missing Amount)")]
    [InlineData("year as text", "Row 0000000000000000002 is not a well-formed ledger entry (bad or missing Year)")]
    [InlineData("missing hash", "Row 0000000000000000002 is not a well-formed ledger entry (bad or missing Hash)")]
    [InlineData("non-numeric sequence", "Row 000000000000000000x is neither a ledger entry nor an idempotency marker")]
    [InlineData("short sequence", "Row 4 is neither a ledger entry nor an idempotency marker")]
    [InlineData("stray row", "Row zz-note is neither a ledger entry nor an idempotency marker")]
    [InlineData("marker without sequence", "Row key-0000 is neither a ledger entry nor an idempotency marker")]
    public async Task A_malformed_or_stray_row_is_reported_as_tampering_and_appends_refuse_to_build_on_it(string kind, string reported)
    {
        var (table, ledger) = await NewLedgerAsync(Serverless.Functions.Security.Secrets.NewKey());
        var posted = await LedgerForgery.PostThreeAsync(ledger, Fund);

        await table.UpsertEntityAsync(LedgerForgery.StrayOrMalformed(kind, posted), TableUpdateMode.Replace);

        var check = await ledger.CheckAsync(Fund, default);
        Assert.False(check.Intact);
        Assert.StartsWith(reported, check.Problem, StringComparison.Ordinal);
        if (kind is not ("stray row" or "marker without sequence"))
        {
            // A row among the entries that cannot be read stops appends and balances rather than being guessed at.
            await Assert.ThrowsAsync<InvalidDataException>(() => ledger.AppendAsync(Fund, 2027, "130400", "Collection", new Yuan(1m), "c-4", default));
        }
    }

    [Fact]
    public async Task A_row_outside_the_funds_partitions_is_reported()
    {
        var (table, ledger) = await NewLedgerAsync(Serverless.Functions.Security.Secrets.NewKey());
        var posted = await LedgerForgery.PostThreeAsync(ledger, Fund);
        Assert.Null(await ledger.StrayRowAsync(default));

        await table.UpsertEntityAsync(LedgerForgery.StrayOrMalformed("another partition", posted));

        Assert.StartsWith("Row Pensions/0000000000000000001 lies outside every fund's ledger", await ledger.StrayRowAsync(default), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public void A_ledger_without_a_usable_key_cannot_be_made(string? key)
    {
        var table = new TableServiceClient(fixture.Azurite.ConnectionString).GetTableClient(UniqueNames.Unique("ledger"));

        var refused = Assert.Throws<InvalidOperationException>(() => new LedgerTable(table, TimeProvider.System, new LedgerOptions { MacKey = key }));

        Assert.Contains("Ledger:MacKey", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("too-short-a-key")]
    public async Task The_app_refuses_to_start_without_a_ledger_key_of_32_characters(string? key)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--{AppSettings.StorageConnection}", fixture.Azurite.ConnectionString,
            $"--{AppSettings.TaskHub}", UniqueNames.Unique("hub"),
            "--Logging:LogLevel:Default", "None",
            .. TestTokens.AppArguments,
        ];

        // Refused before anything starts (no Azurite, no engine), with the setting named.
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerlessApp.BuildAsync(key is null ? args : [.. args, $"--{LedgerOptions.MacKeySetting}", key]));

        Assert.Contains("Ledger:MacKey (environment Ledger__MacKey) must be a secret of at least 32 characters", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ledger_endpoint_reports_a_rewritten_history_and_a_malformed_row_with_the_reason()
    {
        await using var app = await TestApps.StartAsync(fixture);
        using var fundOffice = TestTokens.Client(new Uri(app.Urls.First()), Roles.FundOffice);
        var table = app.Services.GetRequiredService<StorageClients>().Tables.GetTableClient(StorageNames.FundLedgerTable);
        await LedgerForgery.ClearAsync(table);
        var posted = await LedgerForgery.PostThreeAsync(app.Services.GetRequiredService<FundStore>().Ledger, Fund);
        var intact = await fundOffice.GetFromJsonAsync<FundEndpoints.LedgerView>("/api/fund/employees/ledger", Json);
        Assert.Equal((true, null, 600m, 3), (intact!.Intact, intact.Problem, intact.Balance, intact.Entries.Count));

        await LedgerForgery.RewriteAmountAsync(table, posted, 3, new Yuan(3_000m));
        var rewritten = await fundOffice.GetFromJsonAsync<FundEndpoints.LedgerView>("/api/fund/employees/ledger", Json);
        Assert.Equal((false, "Entry 3 does not carry the ledger's MAC: the history from here was rewritten without the key.", 3_300m),
            (rewritten!.Intact, rewritten.Problem, rewritten.Balance));

        await table.UpsertEntityAsync(LedgerForgery.StrayOrMalformed("bad amount", posted), TableUpdateMode.Replace);
        var malformed = await fundOffice.GetFromJsonAsync<FundEndpoints.LedgerView>("/api/fund/employees/ledger", Json);
        Assert.False(malformed!.Intact);
        Assert.StartsWith("Row 0000000000000000002 is not a well-formed ledger entry", malformed.Problem, StringComparison.Ordinal);
        Assert.Equal([1L, 3L], malformed.Entries.Select(e => e.Sequence));
        await app.StopAsync();
    }

    [Fact]
    public void In_azure_the_ledger_key_is_a_key_vault_reference_not_a_literal()
    {
        var bicep = File.ReadAllText(Path.Combine(AzuriteInstance.FindRepositoryRoot(), "infra", "modules", "functionapp.bicep"));

        Assert.Contains("{ name: 'Ledger__MacKey', value: '@Microsoft.KeyVault(SecretUri=${ledgerMacKeySecretUri})' }", bicep, StringComparison.Ordinal);
        Assert.Contains("param ledgerMacKeySecretUri string", bicep, StringComparison.Ordinal);

        // The app reads the key and nothing else there: Key Vault Secrets User, on that vault only, as the one other role it holds.
        var grants = System.Text.RegularExpressions.Regex.Matches(bicep, @"scope: (\w+)").Select(m => m.Groups[1].Value);
        Assert.Equal(["storage", "vault"], grants.Order(StringComparer.Ordinal));
        Assert.Contains("roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')", bicep, StringComparison.Ordinal);
    }

    private async Task<(TableClient Table, LedgerTable Ledger)> NewLedgerAsync(string key)
    {
        var table = new TableServiceClient(fixture.Azurite.ConnectionString).GetTableClient(UniqueNames.Unique("ledger"));
        await table.CreateIfNotExistsAsync();
        return (table, new LedgerTable(table, TimeProvider.System, new LedgerOptions { MacKey = key }));
    }
}

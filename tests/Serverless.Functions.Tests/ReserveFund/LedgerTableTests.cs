using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using Serverless.Azurite;
using Serverless.Domain;
using Serverless.Domain.ReserveFund;
using Serverless.Functions.ReserveFund;

namespace Serverless.Functions.Tests.ReserveFund;

/// <summary>The table-backed reserve-fund ledger (DOMAIN.md §3): append-only, idempotent per key, and tampering in the table is found.</summary>
public sealed class LedgerTableTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private const InsuranceType Fund = InsuranceType.Employees;

    // Sub-millisecond ticks, so the hash over PostedAtUtc proves the table keeps the time exactly.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 3, 31, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_567));

    [Fact]
    public async Task Three_appends_chain_up_and_the_balance_is_their_sum()
    {
        var (table, ledger) = await NewLedgerAsync();

        await ledger.AppendAsync(Fund, 2027, "130100", "Collection", new Yuan(1_000.10m), "c-130100", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        await ledger.AppendAsync(Fund, 2027, "130200", "Collection", new Yuan(2_500.005m), "c-130200", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var last = await ledger.AppendAsync(Fund, 2027, "130100", "DeficitPayment", new Yuan(-400m), "d-130100", default);

        Assert.Equal(3, last.Sequence);
        Assert.Equal([1L, 2L, 3L], (await ledger.EntriesAsync(Fund, default)).Select(e => e.Sequence));
        Assert.Equal(new Yuan(3_100.11m), await ledger.BalanceAsync(Fund, default));
        Assert.Null(await ledger.VerifyAsync(Fund, default));
        Assert.Empty(await ledger.EntriesAsync(InsuranceType.Residents, default));
        await AssertBalanceIsSumOfStoredAmountsAsync(table, ledger);
    }

    [Fact]
    public async Task Same_idempotency_key_posts_one_entry_sequentially_and_concurrently()
    {
        var (table, ledger) = await NewLedgerAsync();

        var first = await ledger.AppendAsync(Fund, 2027, "130100", "Collection", new Yuan(100m), "retried", default);
        var again = await ledger.AppendAsync(Fund, 2027, "130100", "Collection", new Yuan(100m), "retried", default);
        var racing = await Task.WhenAll(
            ledger.AppendAsync(Fund, 2027, "130200", "Collection", new Yuan(50m), "racing", default),
            ledger.AppendAsync(Fund, 2027, "130200", "Collection", new Yuan(50m), "racing", default));

        Assert.Equal(first, again);
        Assert.Equal(racing[0], racing[1]);
        Assert.Equal([1L, 2L], (await ledger.EntriesAsync(Fund, default)).Select(e => e.Sequence));
        Assert.Equal(new Yuan(150m), await ledger.BalanceAsync(Fund, default));
        Assert.Null(await ledger.VerifyAsync(Fund, default));
        await AssertBalanceIsSumOfStoredAmountsAsync(table, ledger);
    }

    [Fact]
    public async Task Eight_concurrent_appends_take_sequences_one_to_eight()
    {
        var (table, ledger) = await NewLedgerAsync();

        var posted = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            ledger.AppendAsync(Fund, 2027, $"1301{i:D2}", "Collection", new Yuan(i * 10m), $"c-{i}", default)));

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), posted.Select(e => e.Sequence).Order());
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), (await ledger.EntriesAsync(Fund, default)).Select(e => e.Sequence));
        Assert.Equal(new Yuan(360m), await ledger.BalanceAsync(Fund, default));
        Assert.Null(await ledger.VerifyAsync(Fund, default));
        await AssertBalanceIsSumOfStoredAmountsAsync(table, ledger);
    }

    [Theory]
    [InlineData("Amount", "9999.00")]
    [InlineData("Region", "139900")]
    public async Task Editing_an_entry_in_the_table_is_reported_as_altered(string property, string value)
    {
        var (table, ledger) = await NewLedgerAsync();
        await AppendThreeAsync(ledger);

        await table.UpdateEntityAsync(new TableEntity(Fund.ToString(), Row(2)) { [property] = value }, ETag.All, TableUpdateMode.Merge);

        Assert.Equal("Entry 2 was altered after it was posted.", await ledger.VerifyAsync(Fund, default));
        await AssertBalanceIsSumOfStoredAmountsAsync(table, ledger);
    }

    [Fact]
    public async Task Deleting_a_middle_entry_is_reported()
    {
        var (table, ledger) = await NewLedgerAsync();
        await AppendThreeAsync(ledger);

        await table.DeleteEntityAsync(Fund.ToString(), Row(2));

        Assert.Equal("Entry 2 is missing or out of order (found sequence 3).", await ledger.VerifyAsync(Fund, default));
        await AssertBalanceIsSumOfStoredAmountsAsync(table, ledger);
    }

    [Fact]
    public async Task Deleting_the_last_entry_is_reported_through_its_idempotency_marker()
    {
        var (table, ledger) = await NewLedgerAsync();
        await AppendThreeAsync(ledger);

        await table.DeleteEntityAsync(Fund.ToString(), Row(3));

        Assert.StartsWith("Entry 3 is missing or was replaced", await ledger.VerifyAsync(Fund, default), StringComparison.Ordinal);
        await AssertBalanceIsSumOfStoredAmountsAsync(table, ledger);
    }

    private async Task<(TableClient Table, LedgerTable Ledger)> NewLedgerAsync()
    {
        var table = new TableServiceClient(fixture.Azurite.ConnectionString).GetTableClient(UniqueNames.Unique("ledger"));
        await table.CreateIfNotExistsAsync();
        return (table, new LedgerTable(table, _time, new LedgerOptions { MacKey = Serverless.Functions.Security.Secrets.NewKey() }));
    }

    private static async Task AppendThreeAsync(LedgerTable ledger)
    {
        foreach (var i in new[] { 1, 2, 3 })
        {
            await ledger.AppendAsync(Fund, 2027, $"1301{i:D2}", "Collection", new Yuan(i * 100m), $"c-{i}", default);
        }
    }

    private static string Row(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    private static async Task AssertBalanceIsSumOfStoredAmountsAsync(TableClient table, LedgerTable ledger)
    {
        var sum = 0m;
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Fund.ToString()}")))
        {
            if (entity.GetString("Amount") is { } amount)
            {
                sum += decimal.Parse(amount, NumberStyles.Number, CultureInfo.InvariantCulture);
            }
        }

        Assert.Equal(new Yuan(sum), await ledger.BalanceAsync(Fund, default));
    }
}

using Serverless.Domain;
using Serverless.Domain.ReserveFund;

namespace Serverless.Domain.Tests.ReserveFund;

/// <summary>DOMAIN.md §3 on numbers worked out by hand.</summary>
public sealed class ReserveFundTests
{
    // Revenue excl. personal accounts 1, 2, 3 million; total revenue 1.2, 2.4, 3.6 million: the cap is 5 % of 7.2 million = 360,000.
    private static readonly RegionStatement[] Regions =
    [
        new("A", new Yuan(1_000_000m), new Yuan(1_200_000m), new Yuan(1_300_000m), new Yuan(100_000m), 2.0m, 0.9025m, 0.8m),
        new("B", new Yuan(2_000_000m), new Yuan(2_400_000m), new Yuan(2_100_000m), new Yuan(150_000m), 3.0m, 0.96m, 1.0m),
        new("C", new Yuan(3_000_000m), new Yuan(3_600_000m), new Yuan(3_400_000m), new Yuan(0m), 4.0m, 0.99m, 1.2m),
    ];

    [Fact]
    public void Contributions_are_three_percent_of_revenue_while_under_the_cap()
    {
        var collection = Collection.Compute(Regions, Yuan.Zero, FundParameters.Default);

        Assert.Equal(360_000m, collection.Cap.Value);
        Assert.False(collection.Scaled);
        Assert.Equal([30_000m, 60_000m, 90_000m], collection.Contributions.OrderBy(c => c.Key).Select(c => c.Value.Value));
        Assert.Equal(180_000m, collection.BalanceAfter.Value);
    }

    [Fact]
    public void Contributions_that_would_pass_the_cap_are_scaled_so_the_balance_ends_exactly_at_it()
    {
        // Room 110,000 split 1:2:3 → 18,333.333…, 36,666.666…, 55,000; the spare fen goes to the largest remainder (B).
        var collection = Collection.Compute(Regions, new Yuan(250_000m), FundParameters.Default);

        Assert.True(collection.Scaled);
        Assert.Equal(18_333.33m, collection.Contributions["A"].Value);
        Assert.Equal(36_666.67m, collection.Contributions["B"].Value);
        Assert.Equal(55_000m, collection.Contributions["C"].Value);
        Assert.Equal(360_000m, collection.BalanceAfter.Value);
    }

    [Theory]
    [InlineData(360_000)]
    [InlineData(400_000)]
    public void Nothing_is_collected_once_the_balance_has_reached_the_cap(int balance)
    {
        var collection = Collection.Compute(Regions, new Yuan(balance), FundParameters.Default);

        Assert.All(collection.Contributions.Values, c => Assert.Equal(0m, c.Value));
    }

    [Fact]
    public void Deficits_use_the_surplus_first_then_share_the_rest_by_d_c_and_e()
    {
        var shares = DeficitSettlement.Compute(Regions, new Yuan(1_000_000m), FundParameters.Default).ToDictionary(s => s.Region);

        // A: deficit 300,000, surplus 100,000, remainder 200,000; d = min(1, 3/2) = 1, c = 0.9025/0.95 = 0.95, e = 0.8.
        Assert.Equal(100_000m, shares["A"].FromSurplus.Value);
        Assert.Equal((1m, 0.95m, 0.8m), (shares["A"].D, shares["A"].C, shares["A"].E));
        Assert.Equal(0.532m, shares["A"].ReserveShare);
        Assert.Equal(106_400m, shares["A"].ReservePaid.Value);
        Assert.Equal(93_600m, shares["A"].Government.Value);

        // B: deficit 100,000 covered by its surplus entirely.
        Assert.Equal(0m, shares["B"].Remainder.Value);
        Assert.Equal(0m, shares["B"].ReservePaid.Value);

        // C: no surplus; d = min(1, 3/4) = 0.75; c and e clamp to 1 (99 % ≥ 95 %, completion 120 %).
        Assert.Equal((0.75m, 1m, 1m), (shares["C"].D, shares["C"].C, shares["C"].E));
        Assert.Equal(210_000m, shares["C"].ReservePaid.Value);
        Assert.Equal(190_000m, shares["C"].Government.Value);
    }

    [Fact]
    public void A_fund_that_cannot_pay_every_share_pays_pro_rata_and_governments_carry_the_rest()
    {
        // Due 106,400 + 210,000 = 316,400 > 200,000: A gets 67,256.637… → 67,256.64 (largest remainder), C 132,743.36.
        var shares = DeficitSettlement.Compute(Regions, new Yuan(200_000m), FundParameters.Default).ToDictionary(s => s.Region);

        Assert.Equal(67_256.64m, shares["A"].ReservePaid.Value);
        Assert.Equal(132_743.36m, shares["C"].ReservePaid.Value);
        Assert.Equal(132_743.36m, shares["A"].Government.Value);
        Assert.Equal(267_256.64m, shares["C"].Government.Value);
        Assert.Equal(200_000m, shares.Values.Sum(s => s.ReservePaid.Value));
    }

    [Fact]
    public void The_balance_is_the_sum_of_the_ledger_and_any_edit_deletion_or_reordering_is_detected()
    {
        var at = new DateTimeOffset(2027, 1, 10, 1, 0, 0, TimeSpan.Zero);
        var first = Ledger.Append(null, InsuranceType.Employees, 2026, "A", "contribution", new Yuan(30_000m), at);
        var second = Ledger.Append(first, InsuranceType.Employees, 2026, "B", "contribution", new Yuan(60_000m), at);
        var third = Ledger.Append(second, InsuranceType.Employees, 2026, "A", "deficit-payout", new Yuan(-10_000m), at);
        LedgerEntry[] ledger = [first, second, third];

        Assert.Null(Ledger.Verify(ledger));
        Assert.Equal(80_000m, Ledger.Balance(ledger).Value);
        Assert.Contains("altered", Ledger.Verify([first, second with { Amount = new Yuan(6_000m) }, third]), StringComparison.Ordinal);
        Assert.Contains("missing or out of order", Ledger.Verify([first, third]), StringComparison.Ordinal);
        Assert.Contains("missing or out of order", Ledger.Verify([second, first, third]), StringComparison.Ordinal);
        var forged = Ledger.Append(first, InsuranceType.Employees, 2026, "B", "contribution", new Yuan(1m), at);
        Assert.Contains("broken link", Ledger.Verify([first, forged, third]), StringComparison.Ordinal);
    }
}

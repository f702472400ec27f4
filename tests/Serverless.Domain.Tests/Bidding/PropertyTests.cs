using FsCheck.Xunit;
using Serverless.Domain.Bidding;
using static Serverless.Domain.Tests.Bidding.BiddingFixture;

namespace Serverless.Domain.Tests.Bidding;

/// <summary>Properties that must hold for any bids (issue 4): order does not matter; rises stay within budget + saving.</summary>
public sealed class PropertyTests
{
    [Property(MaxTest = 200)]
    public bool Shuffling_proposals_never_changes_the_result(int seed)
    {
        var proposals = RandomProposals(seed);
        var shuffled = proposals.OrderBy(_ => new Random(seed ^ 0x5F3759DF).Next()).ToList();
        shuffled.Reverse();
        var catalog = Catalog(l1Growth: 0.002m);

        return Describe(PriceAdoption.Adopt(catalog, proposals)) == Describe(PriceAdoption.Adopt(catalog, shuffled));
    }

    [Property(MaxTest = 200)]
    public bool Adopted_rises_never_exceed_budget_plus_saving(int seed)
    {
        var result = PriceAdoption.Adopt(Catalog(l1Growth: 0.0005m), RandomProposals(seed));

        return result.Leagues.All(l =>
            l.Rows.Where(r => r.Decision == AdoptionDecision.Adopted && r.Impact.Value > 0).Sum(r => r.Impact.Value) <= l.Budget.BiddingBudget.Value + l.Saving.Value
            && l.Rows.Where(r => r.Impact.Value <= 0 && r.Tier3Price is not null).All(r => r.Decision == AdoptionDecision.Adopted));
    }

    [Property(MaxTest = 200)]
    public bool A_final_price_never_exceeds_the_round_one_price(int seed)
    {
        var random = new Random(seed);
        var catalog = Catalog();
        var first = BidValidator.Validate(catalog, new HospitalCode("H1"), 1, "H1.xlsx",
            Sheet(["item_code", "proposed_price"], ["I1", Price(random, 70, 130)], ["I2", Price(random, 40, 60)], ["I3", Price(random, 10, 30)]), []);
        var second = BidValidator.Validate(catalog, new HospitalCode("H1"), 2, "H1.xlsx",
            Sheet(["item_code", "proposed_price"], ["I1", Price(random, 70, 130)], ["I2", Price(random, 40, 60)], ["I3", Price(random, 10, 30)]), [], first.Accepted.ToDictionary(p => p.Item));
        var finals = FinalProposals.Merge([first], [second]).ToDictionary(p => p.Item);

        return first.Accepted.All(p => finals[p.Item].Price <= p.Price);
    }

    private static string Price(Random random, int low, int high) => (random.Next(low * 100, high * 100 + 1) / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<Proposal> RandomProposals(int seed)
    {
        var random = new Random(seed);
        var proposals = new List<Proposal>();
        foreach (var (hospital, factor) in new[] { ("H1", 1m), ("H2", 0.9m), ("H3", 0.81m), ("H5", 1m) })
        {
            foreach (var (item, benchmark, f) in new[] { ("I1", 100m, 0.3m), ("I2", 50m, 0.2m), ("I3", 20m, 0.5m) })
            {
                if (random.Next(4) == 0)
                {
                    continue;
                }

                var low = Math.Ceiling(benchmark * (1 - f) * factor * 100m);
                var high = Math.Floor(benchmark * (1 + f) * factor * 100m);
                var price = random.Next((int)low, (int)high + 1) / 100m;
                decimal? cost = random.Next(2) == 0 ? null : random.Next(100, 20000) / 100m;
                proposals.Add(Bid(hospital, item, price, cost));
            }
        }

        return proposals;
    }

    private static string Describe(CampaignResult result)
        => string.Join("|", result.Leagues.SelectMany(l => l.Rows.Select(r => $"{r.League}{r.Item}{r.Rank}{r.Tier3Price}{r.Impact}{r.Score}{r.Decision}"))
            .Append(string.Join(",", result.Leagues.Select(l => $"{l.Saving}/{l.UsedByRises}"))));
}

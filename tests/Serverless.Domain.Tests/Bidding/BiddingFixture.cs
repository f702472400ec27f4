using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;

namespace Serverless.Domain.Tests.Bidding;

/// <summary>
/// A small campaign whose results are worked out by hand in the tests. League L1 (base 10,000,000, default growth
/// 1.5 %) and L2 (base 2,000,000, growth 2 %). Items: I1 benchmark 100, default float 30 %, surgical; I2 benchmark
/// 50, float 20 %, weak discipline; I3 benchmark 20, float 50 %. Hospitals of L1: H1 tier 3, H2 tier 2, H3 tier 1
/// grassroots, H4 tier 3 private; of L2: H5 tier 3.
/// </summary>
public static class BiddingFixture
{
    public static CampaignScope Scope(decimal? l1Growth = null) => new(
        [
            new League(new LeagueCode("L1"), "呼和浩特市", new Yuan(10_000_000m), l1Growth),
            new League(new LeagueCode("L2"), "包头市", new Yuan(2_000_000m), 0.02m),
        ],
        [
            new Hospital(new HospitalCode("H1"), "第一医院", new LeagueCode("L1"), Tier.Three, true, false, false),
            new Hospital(new HospitalCode("H2"), "第二医院", new LeagueCode("L1"), Tier.Two, true, false, false),
            new Hospital(new HospitalCode("H3"), "社区中心", new LeagueCode("L1"), Tier.One, true, true, false),
            new Hospital(new HospitalCode("H4"), "民营医院", new LeagueCode("L1"), Tier.Three, false, false, false),
            new Hospital(new HospitalCode("H5"), "包头医院", new LeagueCode("L2"), Tier.Three, true, false, false),
        ],
        [
            new ScopeItem(new ItemCode("I1"), "腹腔镜手术", new Yuan(100m), null, new PolicyFlags(true, false, false)),
            new ScopeItem(new ItemCode("I2"), "康复评定", new Yuan(50m), 0.2m, new PolicyFlags(false, true, false)),
            new ScopeItem(new ItemCode("I3"), "健康咨询", new Yuan(20m), 0.5m, PolicyFlags.None),
        ],
        [
            new CurrentPrice(new LeagueCode("L1"), new ItemCode("I1"), new Yuan(90m), new Yuan(81m), new Yuan(72.9m)),
            new CurrentPrice(new LeagueCode("L1"), new ItemCode("I2"), new Yuan(55m), new Yuan(49.5m), new Yuan(44.55m)),
            new CurrentPrice(new LeagueCode("L1"), new ItemCode("I3"), new Yuan(20m), new Yuan(18m), new Yuan(16.2m)),
            new CurrentPrice(new LeagueCode("L2"), new ItemCode("I1"), new Yuan(95m), new Yuan(85.5m), new Yuan(76.95m)),
            new CurrentPrice(new LeagueCode("L2"), new ItemCode("I2"), new Yuan(50m), new Yuan(45m), new Yuan(40.5m)),
            new CurrentPrice(new LeagueCode("L2"), new ItemCode("I3"), new Yuan(20m), new Yuan(18m), new Yuan(16.2m)),
        ],
        [
            new ProviderVolume(new HospitalCode("H1"), new ItemCode("I1"), 1000m),
            new ProviderVolume(new HospitalCode("H2"), new ItemCode("I1"), 500m),
            new ProviderVolume(new HospitalCode("H3"), new ItemCode("I1"), 200m),
            new ProviderVolume(new HospitalCode("H4"), new ItemCode("I1"), 999m),
            new ProviderVolume(new HospitalCode("H1"), new ItemCode("I2"), 100m),
            new ProviderVolume(new HospitalCode("H2"), new ItemCode("I2"), 0m),
            new ProviderVolume(new HospitalCode("H1"), new ItemCode("I3"), 1000m),
        ]);

    public static CampaignCatalog Catalog(decimal? l1Growth = null) => new(Scope(l1Growth), CampaignParameters.Default);

    public static Proposal Bid(string hospital, string item, decimal price, decimal? unitCost = null, int round = 2)
        => new(new HospitalCode(hospital), new ItemCode(item), new Yuan(price), unitCost, null, round, 2);

    /// <summary>A bid sheet with the given columns; each row lists cells in the same order as <paramref name="columns"/>.</summary>
    public static RawSheet Sheet(string[] columns, params string?[][] rows)
    {
        var spec = WorkbookSchemas.Bids;
        var present = spec.Columns.Select(c => columns.Contains(c.Key)).ToList();
        var raw = rows.Select((cells, i) =>
        {
            var byKey = spec.Columns.Select(c => Array.IndexOf(columns, c.Key) is var at && at >= 0 ? cells[at] : null).ToList();
            return new RawRow(i + 2, byKey);
        }).ToList();
        return new RawSheet("H1.xlsx", "报价", spec, present, raw);
    }
}

using Serverless.Domain.Bidding;
using Serverless.Domain.Monitoring;
using Serverless.Domain.Tabular;

namespace Serverless.Domain.Tests.Monitoring;

/// <summary>
/// A small league/city for the monitoring figures: hospitals H3 (tier 3), H2 (tier 2), H1 (tier 1), HP (private) in
/// L1 and HX in L2; items I1 (a rise), I2 (a cut), I3 (a rise with no providers last year) adopted, I4 skipped.
/// </summary>
internal static class MonitoringFixture
{
    public static readonly LeagueCode L1 = new("L1");

    public static CampaignCatalog Catalog()
    {
        var scope = new CampaignScope(
            [new League(L1, "测试市", new Yuan(1_000_000m), null), new League(new LeagueCode("L2"), "另一市", new Yuan(1_000_000m), null)],
            [
                new Hospital(new HospitalCode("H3"), "三级医院", L1, Tier.Three, true, false, false),
                new Hospital(new HospitalCode("H2"), "二级医院", L1, Tier.Two, true, false, false),
                new Hospital(new HospitalCode("H1"), "一级医院", L1, Tier.One, true, true, false),
                new Hospital(new HospitalCode("HP"), "民营医院", L1, Tier.Three, false, false, false),
                new Hospital(new HospitalCode("HX"), "外市医院", new LeagueCode("L2"), Tier.Three, true, false, false),
            ],
            [Item("I1", 100m), Item("I2", 200m), Item("I3", 50m), Item("I4", 80m)],
            [Price("I1", 100m, 90m, 81m), Price("I2", 200m, 180m, 162m), Price("I3", 50m, 45m, 40.5m), Price("I4", 80m, 72m, 64.8m)],
            [Volume("H3", "I1", 400m), Volume("H2", "I1", 200m), Volume("H3", "I2", 100m), Volume("HP", "I2", 900m), Volume("H3", "I4", 10m)]);
        return new CampaignCatalog(scope, CampaignParameters.Default);
    }

    /// <summary>The campaign's outcome for L1 as adoption left it: impacts over the providers (DOMAIN.md §1).</summary>
    public static LeagueResult Campaign(params GuidePriceRow[] rows)
    {
        var budget = new LeagueBudget(L1, "测试市", new Yuan(1_000_000m), 0.015m, new Yuan(15_000m), new Yuan(7_500m));
        return new LeagueResult(budget, Yuan.Zero, Yuan.Zero, rows.Length > 0 ? rows : DefaultRows);
    }

    // I1: (120 − 100) × 400 + (108 − 90) × 200 = 11,600; I2: (180 − 200) × 100 = −2,000 (HP is private); I3: no providers, 0.
    public static readonly GuidePriceRow[] DefaultRows =
    [
        Row("I1", 120m, 108m, 97.20m, 100m, 11_600m, 1, AdoptionDecision.Adopted),
        Row("I2", 180m, 162m, 145.80m, 200m, -2_000m, 2, AdoptionDecision.Adopted),
        Row("I3", 55m, 49.50m, 44.55m, 50m, 0m, 3, AdoptionDecision.Adopted),
        Row("I4", 100m, 90m, 81m, 80m, 200m, 4, AdoptionDecision.Skipped),
    ];

    public static GuidePriceRow Row(string item, decimal t3, decimal t2, decimal t1, decimal current, decimal impact, int rank, AdoptionDecision decision)
        => new(L1, new ItemCode(item), $"项目{item}", 2, 2, new Yuan(t3), new Yuan(t3), new Yuan(t2), new Yuan(t1), new Yuan(current), new Yuan(impact),
            0.5m, 0.5m, 0.5m, 0.5m, rank, decision, null, null);

    public static RawSheet Sheet(SheetSpec spec, params string?[][] rows)
        => new("L1-2027-Q1.xlsx", spec.ChineseName, spec, [.. spec.Columns.Select(_ => true)], [.. rows.Select((cells, i) => new RawRow(i + 2, cells))]);

    public static MonitoringWorkbook Workbook(string?[][] volumes, params string?[][] operations)
        => MonitoringSheets.Read(Catalog(), L1, Sheet(MonitoringSheets.Volumes, volumes), Sheet(MonitoringSheets.Operations, operations), []);

    private static ScopeItem Item(string code, decimal benchmark) => new(new ItemCode(code), $"项目{code}", new Yuan(benchmark), null, PolicyFlags.None);

    private static CurrentPrice Price(string item, decimal t3, decimal t2, decimal t1) => new(L1, new ItemCode(item), new Yuan(t3), new Yuan(t2), new Yuan(t1));

    private static ProviderVolume Volume(string hospital, string item, decimal volume) => new(new HospitalCode(hospital), new ItemCode(item), volume);
}

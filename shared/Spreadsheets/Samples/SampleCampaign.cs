using System.Globalization;
using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Spreadsheets.Samples;

/// <summary>
/// Deterministic sample data for demos, tests and benchmarks: a campaign scope over the 12 leagues/cities with
/// hospitals of mixed tiers and items with realistic prices and volumes, and round-1/round-2 bid workbooks per
/// hospital with a configurable share of bad rows and clerk quirks. The same options give byte-identical data.
/// </summary>
public sealed class SampleCampaign
{
    private static readonly (string Code, string Name)[] LeagueNames =
    [
        ("150100", "呼和浩特市"), ("150200", "包头市"), ("150700", "呼伦贝尔市"), ("152200", "兴安盟"), ("150500", "通辽市"), ("150400", "赤峰市"),
        ("152500", "锡林郭勒盟"), ("150900", "乌兰察布市"), ("150600", "鄂尔多斯市"), ("150800", "巴彦淖尔市"), ("150300", "乌海市"), ("152900", "阿拉善盟"),
    ];

    private static readonly string[] ItemStems = ["腹腔镜", "关节镜", "内镜下", "介入", "射频消融", "康复评定", "针刺", "蒙医灸疗", "超声引导", "显微外科", "心电监测", "血液净化"];
    private static readonly string[] ItemTails = ["手术", "治疗", "检查", "术", "评估", "操作"];

    private readonly ILookup<HospitalCode, ItemCode> _provided;

    private SampleCampaign(SampleOptions options, CampaignScope scope)
    {
        Options = options;
        Scope = scope;
        Catalog = new CampaignCatalog(scope, CampaignParameters.Default);
        _provided = scope.Providers.Where(p => p.Volume > 0).ToLookup(p => p.Hospital, p => p.Item);
    }

    public SampleOptions Options { get; }

    public CampaignScope Scope { get; }

    public CampaignCatalog Catalog { get; }

    public static SampleCampaign Generate(SampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var leagues = LeagueNames.Take(Math.Clamp(options.Leagues, 1, 12)).Select((l, i) => new League(
            new LeagueCode(l.Code), l.Name, new Yuan(random.Next(50, 500) * 10_000_000m), i % 3 == 0 ? random.Next(12, 21) / 1000m : null)).ToList();
        var hospitals = new List<Hospital>();
        foreach (var league in leagues)
        {
            for (var n = 1; n <= options.HospitalsPerLeague; n++)
            {
                var tier = (Tier)(1 + random.Next(3));
                var isPublic = n == options.HospitalsPerLeague && n > 2 ? false : true;
                hospitals.Add(new Hospital(new HospitalCode($"H{league.Code.Value[2..4]}{n:D3}"), $"{league.Name}第{n}医院", league.Code, tier, isPublic,
                    tier == Tier.One && random.Next(2) == 0, random.Next(6) == 0));
            }
        }

        var items = Enumerable.Range(1, options.Items).Select(n =>
        {
            var benchmark = Math.Round((decimal)Math.Exp(Math.Log(20) + (random.NextDouble() * (Math.Log(3000) - Math.Log(20)))), 0);
            decimal? floatRange = random.Next(4) == 0 ? random.Next(2, 5) / 10m : null;
            var flags = new PolicyFlags(random.Next(3) == 0, random.Next(5) == 0, random.Next(6) == 0);
            return new ScopeItem(new ItemCode($"C{n:D5}"), ItemStems[random.Next(ItemStems.Length)] + ItemTails[random.Next(ItemTails.Length)] + n.ToString(CultureInfo.InvariantCulture), new Yuan(benchmark), floatRange, flags);
        }).ToList();
        var prices = leagues.SelectMany(l => items.Select(i =>
        {
            var t3 = Math.Round(i.Benchmark.Value * (0.75m + (random.Next(0, 31) / 100m)), 2, MidpointRounding.AwayFromZero);
            return new CurrentPrice(l.Code, i.Code, new Yuan(t3), new Yuan(t3 * 0.9m).RoundToFen(), new Yuan(t3 * 0.81m).RoundToFen());
        })).ToList();
        var providers = hospitals.SelectMany(h => items.Where(_ => random.NextDouble() < 0.6)
            .Select(i => new ProviderVolume(h.Code, i.Code, random.Next(10) == 0 ? 0 : random.Next(20, 5000)))).ToList();
        return new SampleCampaign(options, new CampaignScope(leagues, hospitals, items, prices, providers));
    }

    public byte[] ScopeWorkbook() => BiddingWorkbooks.Scope(Scope);

    /// <summary>The hospitals that bid: every invited one (public, in the campaign's leagues/cities).</summary>
    public IEnumerable<Hospital> Bidders => Catalog.InvitedHospitals;

    /// <summary>The rows a hospital sends in round 1: item, price at its tier, unit cost, reason — some of them bad.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> RoundOneRows(HospitalCode hospitalCode)
    {
        var hospital = Catalog.Hospitals[hospitalCode];
        var random = RandomFor(hospitalCode, 1);
        var factor = Catalog.Parameters.TierFactors.Of(hospital.Tier);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var item in ItemsOf(hospital, random))
        {
            var (low, high) = Catalog.Band(item, hospital.Tier);
            var price = Math.Round(item.Benchmark.Value * factor * (decimal)(0.8 + (random.NextDouble() * 0.4)), 2, MidpointRounding.AwayFromZero);
            price = Math.Clamp(price, Math.Ceiling(low * 100) / 100, Math.Floor(high * 100) / 100);
            decimal? cost = random.Next(2) == 0 ? null : Math.Round(price * (decimal)(0.6 + (random.NextDouble() * 0.5)), 4);
            var bad = Bad(random);
            rows.Add(bad is null ? [item.Code.Value, price, cost, "成本上涨"] : Spoil(bad, item, price, cost, high, random));
            if (bad == "duplicate")
            {
                rows.Add([item.Code.Value, price, cost, "重复"]);
            }
        }

        return rows;
    }

    /// <summary>Round 2: most items are left alone; some are lowered, restated, withdrawn — and a few rows are bad.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> RoundTwoRows(HospitalCode hospitalCode)
    {
        var random = RandomFor(hospitalCode, 2);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var first in RoundOneRows(hospitalCode))
        {
            if (first[1] is not decimal price || first[0] is not string code)
            {
                continue;
            }

            var roll = random.NextDouble();
            if (roll < 0.55)
            {
                continue;
            }

            if (roll < 0.8)
            {
                rows.Add([code, Math.Round(price * (decimal)(0.9 + (random.NextDouble() * 0.1)), 2, MidpointRounding.AwayFromZero), first[2], "按反馈调整", "否"]);
            }
            else if (roll < 0.9)
            {
                rows.Add([code, price, null, null, null]);
            }
            else if (roll < 0.95)
            {
                rows.Add([code, null, null, "不再申报", "是"]);
            }
            else
            {
                rows.Add([code, price + 1m, first[2], "上调", "否"]);
            }
        }

        return rows;
    }

    /// <summary>A hospital's bid workbook for a round, as its clerk would save it (sometimes with a title row and text numbers).</summary>
    public byte[] BidWorkbook(HospitalCode hospital, int round)
    {
        var random = RandomFor(hospital, 10 + round);
        var quirky = random.NextDouble() < Options.QuirkShare;
        var rows = round == 1 ? RoundOneRows(hospital) : RoundTwoRows(hospital);
        if (quirky)
        {
            rows = [.. rows.Select(r => (IReadOnlyList<object?>)[.. r.Select((cell, i) => i == 1 && cell is decimal d ? Quirk(d, random) : cell)])];
        }

        return BiddingWorkbooks.Bids(rows, round == 2, quirky ? [$"{hospital.Value} 第{round}轮报价表"] : null);
    }

    private static string Quirk(decimal price, Random random) => random.Next(3) switch
    {
        0 => FullWidth(price.ToString("0.00", CultureInfo.InvariantCulture)),
        1 => price.ToString("#,##0.00", CultureInfo.InvariantCulture) + " ",
        _ => " " + price.ToString(CultureInfo.InvariantCulture),
    };

    private static string FullWidth(string text) => new([.. text.Select(c => c is >= '0' and <= '9' or '.' ? (char)(c + 0xFEE0) : c)]);

    private IEnumerable<ScopeItem> ItemsOf(Hospital hospital, Random random)
    {
        var provided = _provided[hospital.Code].ToHashSet();
        return Scope.Items.Where(i => provided.Contains(i.Code) ? random.NextDouble() < 0.85 : random.NextDouble() < 0.05);
    }

    private string? Bad(Random random)
    {
        if (random.NextDouble() >= Options.BadRowShare)
        {
            return null;
        }

        return random.Next(6) switch
        {
            0 => "out_of_band",
            1 => "three_decimals",
            2 => "unknown_item",
            3 => "negative_cost",
            4 => "not_a_number",
            _ => "duplicate",
        };
    }

    private static List<object?> Spoil(string kind, ScopeItem item, decimal price, decimal? cost, decimal high, Random random) => kind switch
    {
        "out_of_band" => [item.Code.Value, Math.Ceiling(high * 1.2m), cost, "超范围"],
        "three_decimals" => [item.Code.Value, price + 0.005m, cost, null],
        "unknown_item" => ["X" + item.Code.Value, price, cost, null],
        "negative_cost" => [item.Code.Value, price, -random.Next(1, 100), null],
        "not_a_number" => [item.Code.Value, "待定", cost, null],
        _ => [item.Code.Value, price, cost, "重复"],
    };

    private Random RandomFor(HospitalCode hospital, int salt)
    {
        var hash = 2166136261u;
        foreach (var c in hospital.Value)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return new Random(unchecked(Options.Seed * 31 + (int)hash + salt * 7919));
    }
}

using Serverless.Domain.Tabular;

namespace Serverless.Domain.Bidding;

/// <summary>
/// Turns the five sheets of a campaign-scope workbook into a <see cref="CampaignScope"/> (DOMAIN.md §1 Data a campaign
/// starts from). An unknown league/city, duplicate codes, a missing current price, a tier other than 1/2/3 or an
/// unreadable cell refuses the scope, with every error listed.
/// </summary>
public static class ScopeLoader
{
    public static ScopeLoadResult Load(IReadOnlyList<RawSheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        var issues = new List<SheetIssue>();
        RawSheet Sheet(SheetSpec spec) => sheets.First(s => s.Spec == spec);

        var leagues = ReadLeagues(Sheet(WorkbookSchemas.Leagues), issues);
        var leagueCodes = leagues.Select(l => l.Code).ToHashSet();
        var hospitals = ReadHospitals(Sheet(WorkbookSchemas.Hospitals), leagueCodes, issues);
        var items = ReadItems(Sheet(WorkbookSchemas.Items), issues);
        var itemCodes = items.Select(i => i.Code).ToHashSet();
        var prices = ReadCurrentPrices(Sheet(WorkbookSchemas.CurrentPrices), leagueCodes, itemCodes, issues);
        var providers = ReadProviders(Sheet(WorkbookSchemas.Providers), hospitals.Select(h => h.Code).ToHashSet(), itemCodes, issues);

        var priced = prices.Select(p => (p.League, p.Item)).ToHashSet();
        var pricesSheet = Sheet(WorkbookSchemas.CurrentPrices);
        foreach (var league in leagues)
        {
            foreach (var item in items.Where(i => !priced.Contains((league.Code, i.Code))))
            {
                issues.Add(new SheetIssue(pricesSheet.FileName, pricesSheet.SheetName, null, "三级价格", null, "missing_current_price",
                    $"盟市 {league.Code.Value} 缺少项目 {item.Code.Value} 的现行价格", $"League/city {league.Code.Value} has no current price for item {item.Code.Value}"));
            }
        }

        var scope = issues.Any(i => i.Severity == IssueSeverity.Error) ? null : new CampaignScope(leagues, hospitals, items, prices, providers);
        return new ScopeLoadResult(scope, issues);
    }

    private static List<League> ReadLeagues(RawSheet sheet, List<SheetIssue> issues)
    {
        var leagues = new List<League>();
        var seen = new HashSet<LeagueCode>();
        foreach (var row in sheet.Rows)
        {
            var cells = new SheetRowReader(sheet, row, issues);
            var code = cells.Required("league_code");
            var name = cells.Required("league_name");
            var baseRevenue = cells.Number("base_revenue", required: true);
            decimal? growth = null;
            if (!string.IsNullOrWhiteSpace(cells.Text("growth")))
            {
                if (CellText.TryParseFraction(cells.Text("growth"), out var g))
                {
                    growth = g;
                }
                else
                {
                    cells.Error("growth", "not_a_fraction", "应为比例，如 0.015、1.5%", "must be a fraction such as 0.015 or 1.5%");
                }
            }

            if (baseRevenue < 0)
            {
                cells.Error("base_revenue", "negative", "不能为负数", "must not be negative");
            }

            if (code is not null && !seen.Add(new LeagueCode(code)))
            {
                cells.Error("league_code", "duplicate_code", "重复", "is repeated");
            }

            if (cells.ErrorCount == 0)
            {
                leagues.Add(new League(new LeagueCode(code!), name!, new Yuan(baseRevenue!.Value), growth));
            }
        }

        return leagues;
    }

    private static List<Hospital> ReadHospitals(RawSheet sheet, HashSet<LeagueCode> leagues, List<SheetIssue> issues)
    {
        var hospitals = new List<Hospital>();
        var seen = new HashSet<HospitalCode>();
        foreach (var row in sheet.Rows)
        {
            var cells = new SheetRowReader(sheet, row, issues);
            var code = cells.Required("hospital_code");
            var name = cells.Required("hospital_name");
            var league = cells.Required("league_code");
            var tierText = cells.Required("tier");
            var tier = Tier.Three;
            if (tierText is not null && !TierText.TryParse(tierText, out tier))
            {
                cells.Error("tier", "bad_tier", "只能是 1、2 或 3", "must be 1, 2 or 3");
            }

            var isPublic = cells.Flag("public");
            var grassroots = cells.Flag("grassroots");
            var tcm = cells.Flag("tcm");
            if (league is not null && !leagues.Contains(new LeagueCode(league)))
            {
                cells.Error("league_code", "unknown_league", "不在盟市表中", "is not on the leagues sheet");
            }

            if (code is not null && !seen.Add(new HospitalCode(code)))
            {
                cells.Error("hospital_code", "duplicate_code", "重复", "is repeated");
            }

            if (cells.ErrorCount == 0)
            {
                hospitals.Add(new Hospital(new HospitalCode(code!), name!, new LeagueCode(league!), tier, isPublic, grassroots, tcm));
            }
        }

        return hospitals;
    }

    private static List<ScopeItem> ReadItems(RawSheet sheet, List<SheetIssue> issues)
    {
        var items = new List<ScopeItem>();
        var seen = new HashSet<ItemCode>();
        foreach (var row in sheet.Rows)
        {
            var cells = new SheetRowReader(sheet, row, issues);
            var code = cells.Required("item_code");
            var name = cells.Required("item_name");
            var benchmark = cells.Number("benchmark", required: true);
            if (benchmark <= 0)
            {
                cells.Error("benchmark", "not_positive", "必须大于 0", "must be greater than 0");
            }

            decimal? floatRange = null;
            if (!string.IsNullOrWhiteSpace(cells.Text("float")))
            {
                if (CellText.TryParseFraction(cells.Text("float"), out var f) && f < 1)
                {
                    floatRange = f;
                }
                else
                {
                    cells.Error("float", "not_a_fraction", "应为 0 到 100% 之间的比例，如 0.3、30%、30", "must be a fraction below 100% such as 0.3, 30% or 30");
                }
            }

            var flags = new PolicyFlags(cells.Flag("surgical"), cells.Flag("weak_discipline"), cells.Flag("tcm"));
            if (code is not null && !seen.Add(new ItemCode(code)))
            {
                cells.Error("item_code", "duplicate_code", "重复", "is repeated");
            }

            if (cells.ErrorCount == 0)
            {
                items.Add(new ScopeItem(new ItemCode(code!), name!, new Yuan(benchmark!.Value), floatRange, flags));
            }
        }

        return items;
    }

    private static List<CurrentPrice> ReadCurrentPrices(RawSheet sheet, HashSet<LeagueCode> leagues, HashSet<ItemCode> items, List<SheetIssue> issues)
    {
        var prices = new List<CurrentPrice>();
        var seen = new HashSet<(LeagueCode, ItemCode)>();
        foreach (var row in sheet.Rows)
        {
            var cells = new SheetRowReader(sheet, row, issues);
            var league = cells.Required("league_code");
            var item = cells.Required("item_code");
            var t3 = PositivePrice(cells, "current_t3");
            var t2 = PositivePrice(cells, "current_t2");
            var t1 = PositivePrice(cells, "current_t1");
            if (league is not null && !leagues.Contains(new LeagueCode(league)))
            {
                cells.Error("league_code", "unknown_league", "不在盟市表中", "is not on the leagues sheet");
            }

            if (item is not null && !items.Contains(new ItemCode(item)))
            {
                cells.Error("item_code", "unknown_item", "不在项目表中", "is not on the items sheet");
            }

            if (league is not null && item is not null && !seen.Add((new LeagueCode(league), new ItemCode(item))))
            {
                cells.Error("item_code", "duplicate_code", "该盟市的现行价格重复", "has a second current price row in this league/city");
            }

            if (cells.ErrorCount == 0)
            {
                prices.Add(new CurrentPrice(new LeagueCode(league!), new ItemCode(item!), new Yuan(t3!.Value), new Yuan(t2!.Value), new Yuan(t1!.Value)));
            }
        }

        return prices;
    }

    private static decimal? PositivePrice(SheetRowReader cells, string key)
    {
        var price = cells.Number(key, required: true);
        if (price <= 0)
        {
            cells.Error(key, "not_positive", "必须大于 0", "must be greater than 0");
        }

        return price;
    }

    private static List<ProviderVolume> ReadProviders(RawSheet sheet, HashSet<HospitalCode> hospitals, HashSet<ItemCode> items, List<SheetIssue> issues)
    {
        var providers = new List<ProviderVolume>();
        var seen = new HashSet<(HospitalCode, ItemCode)>();
        foreach (var row in sheet.Rows)
        {
            var cells = new SheetRowReader(sheet, row, issues);
            var hospital = cells.Required("hospital_code");
            var item = cells.Required("item_code");
            var volume = cells.Number("volume", required: true);
            if (volume < 0)
            {
                cells.Error("volume", "negative", "不能为负数", "must not be negative");
            }

            if (hospital is not null && !hospitals.Contains(new HospitalCode(hospital)))
            {
                cells.Error("hospital_code", "unknown_hospital", "不在医疗机构表中", "is not on the hospitals sheet");
            }

            if (item is not null && !items.Contains(new ItemCode(item)))
            {
                cells.Error("item_code", "unknown_item", "不在项目表中", "is not on the items sheet");
            }

            if (hospital is not null && item is not null && !seen.Add((new HospitalCode(hospital), new ItemCode(item))))
            {
                cells.Error("item_code", "duplicate_code", "该机构的服务量重复", "has a second volume row for this hospital");
            }

            if (cells.ErrorCount == 0)
            {
                providers.Add(new ProviderVolume(new HospitalCode(hospital!), new ItemCode(item!), volume!.Value));
            }
        }

        return providers;
    }
}

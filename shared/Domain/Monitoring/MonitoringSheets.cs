using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;

namespace Serverless.Domain.Monitoring;

/// <summary>
/// The quarterly monitoring workbook (DOMAIN.md §6): 服务量 (机构编码, 项目编码, 服务量, 收费金额) and 机构运行 (机构编码,
/// 医疗收入, 医疗服务收入, 个人自付), validated as bids are (§1): every problem listed with row and column, good rows kept.
/// A row must name a hospital of the uploading league/city and an item of the campaign; a non-public hospital's row is
/// read but not counted (warning), since only public hospitals are priced by the campaign.
/// </summary>
public static class MonitoringSheets
{
    /// <summary>Counts and yuan are bounded so no upload can overflow a sum.</summary>
    public const decimal MaxVolume = 1_000_000_000m;

    public const decimal MaxAmount = 1_000_000_000_000m;

    public static readonly SheetSpec Volumes = new("服务量", "volumes",
    [
        new("hospital_code", "机构编码", "hospital_code", true),
        new("item_code", "项目编码", "item_code", true),
        new("volume", "服务量", "volume", true),
        new("charged", "收费金额", "charged", true),
    ]);

    public static readonly SheetSpec Operations = new("机构运行", "operations",
    [
        new("hospital_code", "机构编码", "hospital_code", true),
        new("medical_revenue", "医疗收入", "medical_revenue", true),
        new("service_revenue", "医疗服务收入", "service_revenue", true),
        new("out_of_pocket", "个人自付", "out_of_pocket", true),
    ]);

    public static readonly IReadOnlyList<SheetSpec> Sheets = [Volumes, Operations];

    /// <summary>
    /// Validates the two sheets of <paramref name="league"/>'s workbook; <paramref name="readIssues"/> are the reader's
    /// (a sheet or column missing). A null sheet could not be read: a missing 服务量 rejects the workbook, a missing
    /// 机构运行 leaves the hospital indicators empty.
    /// </summary>
    public static MonitoringWorkbook Read(CampaignCatalog catalog, LeagueCode league, RawSheet? volumes, RawSheet? operations, IEnumerable<SheetIssue> readIssues)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(readIssues);
        List<SheetIssue> volumeIssues = [], operationIssues = [];
        var volumeRows = volumes is null ? [] : ReadVolumes(catalog, league, volumes, volumeIssues);
        var operationRows = operations is null ? [] : ReadOperations(catalog, league, operations, operationIssues);

        // Listed in the sheets' row order (a duplicate is found only after every row was read).
        IEnumerable<SheetIssue> issues = [.. readIssues, .. volumeIssues.OrderBy(i => i.RowNumber), .. operationIssues.OrderBy(i => i.RowNumber)];
        return new MonitoringWorkbook(volumeRows, operationRows, [.. issues], volumes is null);
    }

    private static List<QuarterVolume> ReadVolumes(CampaignCatalog catalog, LeagueCode league, RawSheet sheet, List<SheetIssue> issues)
    {
        var rows = new List<(string? Key, QuarterVolume? Row, SheetRowReader Cells)>();
        foreach (var row in sheet.Rows)
        {
            var cells = new SheetRowReader(sheet, row, issues);
            var hospital = Hospital(cells, catalog, league, out var hospitalCode);
            var itemCode = cells.Required("item_code");
            var item = itemCode is null ? (ItemCode?)null : new ItemCode(itemCode);
            if (item is { } known && !catalog.Items.ContainsKey(known))
            {
                cells.Error("item_code", "not_in_scope", "不在本批次调价范围内", "is not an item of the campaign");
            }

            var volume = Bounded(cells, "volume", MaxVolume);
            if (volume is { } count && decimal.Truncate(count) != count)
            {
                cells.Error("volume", "not_a_count", "应为非负整数", "must be a whole number of services");
            }

            var charged = Money(cells, "charged");
            rows.Add((hospitalCode is null || itemCode is null ? null : $"{hospitalCode}\n{itemCode}",
                cells.ErrorCount == 0 && hospital is { } h ? new QuarterVolume(h.Code, item!.Value, volume!.Value, new Yuan(charged!.Value)) : null, cells));
        }

        RejectDuplicates(rows, "item_code", "同一机构同一项目重复填报，相关行均不计入", "is repeated for the same hospital; none of those rows counts");
        return [.. rows.Where(r => r.Row is not null && r.Cells.ErrorCount == 0 && catalog.Hospitals[r.Row.Hospital].IsPublic).Select(r => r.Row!)];
    }

    private static List<HospitalOperation> ReadOperations(CampaignCatalog catalog, LeagueCode league, RawSheet sheet, List<SheetIssue> issues)
    {
        var rows = new List<(string? Key, HospitalOperation? Row, SheetRowReader Cells)>();
        foreach (var row in sheet.Rows)
        {
            var cells = new SheetRowReader(sheet, row, issues);
            var hospital = Hospital(cells, catalog, league, out var hospitalCode);
            var medical = Money(cells, "medical_revenue");
            var service = Money(cells, "service_revenue");
            var outOfPocket = Money(cells, "out_of_pocket");
            if (service > medical)
            {
                cells.Error("service_revenue", "exceeds_medical_revenue", "不能大于医疗收入", "cannot exceed the medical revenue");
            }

            rows.Add((hospitalCode, cells.ErrorCount == 0 && hospital is { } h
                ? new HospitalOperation(h.Code, new Yuan(medical!.Value), new Yuan(service!.Value), new Yuan(outOfPocket!.Value))
                : null, cells));
        }

        RejectDuplicates(rows, "hospital_code", "同一机构重复填报，相关行均不计入", "is repeated; none of that hospital's rows counts");
        return [.. rows.Where(r => r.Row is not null && r.Cells.ErrorCount == 0 && catalog.Hospitals[r.Row.Hospital].IsPublic).Select(r => r.Row!)];
    }

    /// <summary>A hospital of the uploading league/city in the campaign's scope; a non-public one is warned about and not counted.</summary>
    private static Hospital? Hospital(SheetRowReader cells, CampaignCatalog catalog, LeagueCode league, out string? code)
    {
        code = cells.Required("hospital_code");
        if (code is null)
        {
            return null;
        }

        if (!catalog.Hospitals.TryGetValue(new HospitalCode(code), out var hospital) || hospital.League != league)
        {
            cells.Error("hospital_code", "not_in_league", $"不是盟市 {league.Value} 在本批次范围内的医疗机构", $"is not a hospital of league/city {league.Value} in the campaign");
            return null;
        }

        if (!hospital.IsPublic)
        {
            cells.Warning("hospital_code", "not_public", "为非公立机构，实行市场调节价，不计入监测", "is not a public hospital (market-priced); the row is not counted");
        }

        return hospital;
    }

    private static decimal? Money(SheetRowReader cells, string key)
    {
        var value = Bounded(cells, key, MaxAmount);
        if (value is { } amount && !CellText.HasAtMostDecimals(amount, 2))
        {
            cells.Error(key, "too_many_decimals", "最多保留 2 位小数", "may have at most 2 decimals");
            return null;
        }

        return value;
    }

    private static decimal? Bounded(SheetRowReader cells, string key, decimal max)
    {
        var value = cells.Number(key, required: true);
        if (value is < 0m)
        {
            cells.Error(key, "negative", "不能为负数", "cannot be negative");
            return null;
        }

        if (value > max)
        {
            cells.Error(key, "too_large", $"超出上限 {max:N0}", $"exceeds the limit of {max:N0}");
            return null;
        }

        return value;
    }

    /// <summary>A key given on several rows rejects all of them (as a duplicated item code does in a bid, DOMAIN.md §1).</summary>
    private static void RejectDuplicates<TRow>(List<(string? Key, TRow? Row, SheetRowReader Cells)> rows, string column, string zh, string en)
        where TRow : class
    {
        foreach (var group in rows.Where(r => r.Key is not null).GroupBy(r => r.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var (_, _, cells) in group)
            {
                cells.Error(column, "duplicate_row", zh, en);
            }
        }
    }
}

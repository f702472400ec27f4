using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;

namespace Serverless.Domain.NewItems;

/// <summary>
/// The application workbook (one application per row of 新增项目申请) and the item catalogue workbook (项目目录) used
/// for compatibility matching (DOMAIN.md §2). Every problem names file, sheet, row and column; good rows are kept.
/// </summary>
public static class NewItemSheets
{
    /// <summary>Attachments are listed in one cell, separated by any of these.</summary>
    public static readonly char[] AttachmentSeparators = [';', '；', ',', '，', '、', '\n'];

    public static readonly SheetSpec Applications = new("新增项目申请", "applications",
    [
        new("hospital_code", "机构编码", "hospital_code", true),
        new("proposed_name", "项目名称", "proposed_name", true),
        new("description", "项目内涵", "description", true),
        new("expected_price", "预期价格", "expected_price", true),
        new("expected_annual_volume", "预计年服务量", "expected_annual_volume", true),
        new("category", "项目类别", "category", true),
        new("maps_to_existing", "是否可对应现有项目", "maps_to_existing", true),
        new("attachments", "附件清单", "attachments", true),
        new("existing_item_code", "对应项目编码", "existing_item_code", false),
        new("high_resource_use", "资源消耗大", "high_resource_use", false),
        new("regional_centre_key_service", "国家区域医疗中心重点技术", "regional_centre_key_service", false),
        new("innovation", "创新项目", "innovation", false),
    ], FallbackToFirstSheet: true);

    public static readonly SheetSpec Catalogue = new("项目目录", "catalogue",
    [
        new("item_code", "项目编码", "item_code", true),
        new("item_name", "项目名称", "item_name", true),
        new("keywords", "关键词", "keywords", false),
    ], FallbackToFirstSheet: true);

    /// <summary>Each row as an application, then intake-validated; rows with problems are listed and left out.</summary>
    public static (IReadOnlyList<NewItemApplication> Valid, IReadOnlyList<SheetIssue> Issues) ReadApplications(RawSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var valid = new List<NewItemApplication>();
        var issues = new List<SheetIssue>();
        foreach (var row in sheet.Rows)
        {
            var rowIssues = new List<SheetIssue>();
            var reader = new SheetRowReader(sheet, row, rowIssues);
            var price = reader.Number("expected_price", required: false);
            var volume = reader.Number("expected_annual_volume", required: false);
            if (volume is { } v && (v != decimal.Truncate(v) || v <= 0 || v > NewItemIntake.MaxAnnualVolume))
            {
                reader.Error("expected_annual_volume", "volume_invalid", $"须为不超过 {NewItemIntake.MaxAnnualVolume:N0} 的正整数",
                    $"must be a positive whole number of at most {NewItemIntake.MaxAnnualVolume:N0}");
            }

            bool? maps = null;
            if (!string.IsNullOrWhiteSpace(reader.Text("maps_to_existing")))
            {
                maps = reader.Flag("maps_to_existing");
            }

            var application = new NewItemApplication(
                sheet.FileName,
                row.RowNumber,
                Clean(reader.Text("hospital_code")) is { } hospital ? new HospitalCode(hospital) : null,
                Clean(reader.Text("proposed_name")),
                Clean(reader.Text("description")),
                price is { } p ? new Yuan(p) : null,
                volume is { } whole && whole == decimal.Truncate(whole) && whole > 0 && whole <= NewItemIntake.MaxAnnualVolume ? (long)whole : null,
                Clean(reader.Text("category")),
                maps,
                Clean(reader.Text("attachments")) is { } list ? list.Split(AttachmentSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null,
                Clean(reader.Text("existing_item_code")) is { } code ? new ItemCode(code) : null,
                reader.Flag("high_resource_use"),
                reader.Flag("regional_centre_key_service"),
                reader.Flag("innovation"));

            // Intake problems name the sheet's Chinese header, as the reader's own problems do.
            foreach (var problem in NewItemIntake.Validate(application))
            {
                if (rowIssues.Any(i => i.Column == HeaderOf(problem.Column)))
                {
                    continue;
                }

                rowIssues.Add(problem with { SheetName = sheet.SheetName, Column = HeaderOf(problem.Column), Value = problem.Value ?? reader.Text(problem.Column ?? "") });
            }

            issues.AddRange(rowIssues);
            if (!rowIssues.Any(i => i.Severity == IssueSeverity.Error))
            {
                valid.Add(application);
            }
        }

        return (valid, issues);
    }

    /// <summary>The catalogue's items; a row without code or name is listed and skipped, a repeated code keeps the first.</summary>
    public static (IReadOnlyList<CatalogueItem> Items, IReadOnlyList<SheetIssue> Issues) ReadCatalogue(RawSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var items = new List<CatalogueItem>();
        var issues = new List<SheetIssue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in sheet.Rows)
        {
            var reader = new SheetRowReader(sheet, row, issues);
            var code = reader.Required("item_code");
            var name = reader.Required("item_name");
            if (code is null || name is null)
            {
                continue;
            }

            if (!seen.Add(code))
            {
                reader.Error("item_code", "duplicate_item", "重复，仅保留首次出现的行", "is repeated; the first row is kept");
                continue;
            }

            var keywords = Clean(reader.Text("keywords"))?.Split(AttachmentSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            items.Add(new CatalogueItem(new ItemCode(code), name, keywords));
        }

        return (items, issues);
    }

    private static string HeaderOf(string? key) =>
        key is null ? "" : Applications.Columns.FirstOrDefault(c => c.Key == key)?.ChineseHeader ?? key;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : CellText.Normalize(text);
}

using Serverless.Domain.NewItems;
using Serverless.Domain.Tabular;

namespace Serverless.Spreadsheets.Writing;

/// <summary>The new-item application workbook a clerk fills in (DOMAIN.md §2): one application a row, and a notes sheet.</summary>
public static class NewItemWorkbooks
{
    private static readonly string[] YesNo = ["是", "否"];
    private static readonly string[] YesNoColumns = ["maps_to_existing", "high_resource_use", "regional_centre_key_service", "innovation"];

    /// <summary>
    /// The 新增项目申请 sheet with every column and no rows (yes/no cells offer 是/否), titled with the hospital's code
    /// the rows must carry, and a 说明 sheet explaining each column.
    /// </summary>
    public static byte[] ApplicationTemplate(string hospital)
    {
        var spec = NewItemSheets.Applications;
        var applications = new SheetTable(spec.ChineseName,
            [.. spec.Columns.Select(c => new TableColumn(c.ChineseHeader, Math.Max(14, c.ChineseHeader.Length * 2.4), YesNoColumns.Contains(c.Key) ? YesNo : null))], [])
        {
            TitleLines = [$"新增项目申请 — 机构 {hospital}：每行一项申请，机构编码填 {hospital}"],
        };
        var notes = new SheetTable("说明", [new TableColumn("列", 20), new TableColumn("英文名", 26), new TableColumn("必填", 8), new TableColumn("说明", 80)],
            spec.Columns.Select(c => (IReadOnlyList<object?>)[c.ChineseHeader, c.Alias, c.Required, Explain(c.Key, hospital)]));
        return WorkbookWriter.ToBytes([applications, notes]);
    }

    private static string Explain(string key, string hospital) => key switch
    {
        "hospital_code" => $"本院编码 {hospital}；填其他机构编码的行不予受理",
        "proposed_name" => $"新增项目的名称，不超过 {NewItemIntake.MaxNameLength} 字",
        "description" => $"项目内涵（服务内容、适用范围），不超过 {NewItemIntake.MaxDescriptionLength} 字",
        "expected_price" => "预期价格（元），大于 0，最多 2 位小数",
        "expected_annual_volume" => "预计年服务量（例次），正整数",
        "category" => $"项目类别，如 治疗类、诊断类、综合类，不超过 {NewItemIntake.MaxCategoryLength} 字",
        "maps_to_existing" => "是否可对应现有项目：是 / 否；可对应的由价格处确认后按现有项目收费",
        "attachments" => $"附件清单，多项用 ；、，或换行分隔，最多 {NewItemIntake.MaxAttachments} 项",
        "existing_item_code" => "可选：可对应的现有项目编码",
        "high_resource_use" => "可选：资源消耗大的填 是；空白为 否",
        "regional_centre_key_service" => "可选：国家区域医疗中心引进的重点技术填 是；空白为 否",
        "innovation" => "可选：改善重大疾病治疗或填补诊断空白的创新项目填 是；空白为 否",
        _ => "",
    };
}

using Serverless.Domain.Tabular;

namespace Serverless.Domain.NewItems;

/// <summary>Intake validation (DOMAIN.md §2): all required fields, each problem reported with file, row and column.</summary>
public static class NewItemIntake
{
    /// <summary>Length limits (not in DOMAIN.md): generous for a form, and they keep one application within a storage row.</summary>
    public const int MaxNameLength = 200;

    public const int MaxDescriptionLength = 4_000;

    public const int MaxCategoryLength = 100;

    public const int MaxAttachments = 50;

    public const int MaxAttachmentNameLength = 200;

    /// <summary>
    /// Upper bounds (not in DOMAIN.md) far above any real item — a billion services a year, a hundred million yuan a
    /// service — so that price × volume, the expected revenue the expert rule compares, always fits a decimal.
    /// </summary>
    public const long MaxAnnualVolume = 1_000_000_000;

    public const decimal MaxExpectedPrice = 100_000_000m;

    public static IReadOnlyList<SheetIssue> Validate(NewItemApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var issues = new List<SheetIssue>();
        void Missing(string column, string zh) =>
            issues.Add(Issue(application, column, null, "required", $"缺少必填项：{zh}", $"Required field {column} is missing."));

        if (string.IsNullOrWhiteSpace(application.Hospital?.Value))
        {
            Missing("hospital_code", "机构编码");
        }

        if (string.IsNullOrWhiteSpace(application.ProposedName))
        {
            Missing("proposed_name", "项目名称");
        }

        if (string.IsNullOrWhiteSpace(application.Description))
        {
            Missing("description", "项目内涵");
        }

        if (application.ExpectedPrice is not { } price)
        {
            Missing("expected_price", "预期价格");
        }
        else if (price.Value <= 0m || price.Value != Math.Round(price.Value, 2) || price.Value > MaxExpectedPrice)
        {
            issues.Add(Issue(application, "expected_price", price.ToString(), "price_invalid",
                $"预期价格须为不超过 {MaxExpectedPrice:N0} 元的正数且最多两位小数", $"Expected price must be positive, at most {MaxExpectedPrice:N0} yuan, with at most 2 decimals."));
        }

        if (application.ExpectedAnnualVolume is not { } volume)
        {
            Missing("expected_annual_volume", "预计年服务量");
        }
        else if (volume <= 0 || volume > MaxAnnualVolume)
        {
            issues.Add(Issue(application, "expected_annual_volume", volume.ToString(System.Globalization.CultureInfo.InvariantCulture), "volume_invalid",
                $"预计年服务量须为不超过 {MaxAnnualVolume:N0} 的正整数", $"Expected annual volume must be a positive whole number of at most {MaxAnnualVolume:N0}."));
        }

        if (string.IsNullOrWhiteSpace(application.Category))
        {
            Missing("category", "项目类别");
        }

        if (application.MapsToExistingItem is null)
        {
            Missing("maps_to_existing", "是否可对应现有项目");
        }

        if (application.Attachments is null || !application.Attachments.Any(name => !string.IsNullOrWhiteSpace(name)))
        {
            Missing("attachments", "附件清单");
        }
        else if (application.Attachments.Count > MaxAttachments || application.Attachments.Any(a => a?.Length > MaxAttachmentNameLength))
        {
            issues.Add(Issue(application, "attachments", null, "too_long", $"附件清单最多 {MaxAttachments} 项，每项不超过 {MaxAttachmentNameLength} 字",
                $"At most {MaxAttachments} attachments of at most {MaxAttachmentNameLength} characters each."));
        }

        void TooLong(string column, string? text, int limit, string zh)
        {
            if (text is { } value && value.Length > limit)
            {
                issues.Add(Issue(application, column, value[..40] + "…", "too_long", $"{zh}不能超过 {limit} 字（现为 {value.Length} 字）", $"{column} may have at most {limit} characters ({value.Length} given)."));
            }
        }

        TooLong("proposed_name", application.ProposedName, MaxNameLength, "项目名称");
        TooLong("description", application.Description, MaxDescriptionLength, "项目内涵");
        TooLong("category", application.Category, MaxCategoryLength, "项目类别");

        return issues;
    }

    private static SheetIssue Issue(NewItemApplication application, string column, string? value, string code, string zh, string en) =>
        new(application.SourceFile, null, application.RowNumber, column, value, code, zh, en);
}

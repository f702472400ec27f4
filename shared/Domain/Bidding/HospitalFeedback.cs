using Serverless.Domain.Tabular;

namespace Serverless.Domain.Bidding;

/// <summary>The feedback a hospital receives after a round (DOMAIN.md §1 Round 1, Output): its rows, validity, prices and ranks.</summary>
public sealed record HospitalFeedback(HospitalCode Hospital, int Round, IReadOnlyList<SheetIssue> Rejection, IReadOnlyList<FeedbackRow> Rows)
{
    public static HospitalFeedback Build(CampaignCatalog catalog, BidWorkbookResult workbook, CampaignResult result)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(workbook);
        ArgumentNullException.ThrowIfNull(result);
        var hospital = catalog.Hospitals.GetValueOrDefault(workbook.Hospital);
        var rows = workbook.Rows.Select(row =>
        {
            var priced = hospital is not null && row.ItemCode is not null ? result.Find(hospital.League, new ItemCode(row.ItemCode)) : null;
            var tier3 = priced?.Tier3Price;
            Yuan? atTier = tier3 is { } t3 ? (t3 * catalog.Parameters.TierFactors.Of(hospital!.Tier)).RoundToFen() : null;
            return new FeedbackRow(
                row.RowNumber, row.ItemCode, row.Price, row.Withdraw, row.IsValid,
                string.Join("；", row.Issues.Select(i => i.MessageZh)),
                string.Join("; ", row.Issues.Select(i => i.MessageEn)),
                tier3, atTier, priced?.Rank, workbook.Round == 2 ? priced?.Decision : null);
        }).ToList();
        return new HospitalFeedback(workbook.Hospital, workbook.Round, workbook.Rejection, rows);
    }
}

namespace Serverless.Domain.Bidding;

/// <summary>
/// The proposals that count (DOMAIN.md §1 Round 2): each hospital's valid round-1 proposals, each replaced whole by a
/// valid round-2 row for the same item, minus withdrawals. Rejected workbooks and invalid rows change nothing.
/// </summary>
public static class FinalProposals
{
    /// <summary>The valid proposals of one round, by hospital and item; the last accepted workbook of a hospital counts.</summary>
    public static Dictionary<HospitalCode, Dictionary<ItemCode, Proposal>> RoundOne(IEnumerable<BidWorkbookResult> roundOne)
    {
        ArgumentNullException.ThrowIfNull(roundOne);
        var byHospital = new Dictionary<HospitalCode, Dictionary<ItemCode, Proposal>>();
        foreach (var workbook in roundOne.Where(w => !w.IsRejected))
        {
            byHospital[workbook.Hospital] = workbook.Accepted.ToDictionary(p => p.Item);
        }

        return byHospital;
    }

    /// <summary>What a hospital's round-2 rows are judged against: its valid round-1 proposals, none when its round-1 workbook was rejected whole or never came.</summary>
    public static IReadOnlyDictionary<ItemCode, Proposal> RoundTwoBasis(BidWorkbookResult? roundOne)
        => roundOne is { IsRejected: false } ? roundOne.Accepted.ToDictionary(p => p.Item) : new Dictionary<ItemCode, Proposal>();

    public static IReadOnlyList<Proposal> Merge(IEnumerable<BidWorkbookResult> roundOne, IEnumerable<BidWorkbookResult> roundTwo)
    {
        ArgumentNullException.ThrowIfNull(roundTwo);
        var final = RoundOne(roundOne);
        foreach (var workbook in roundTwo.Where(w => !w.IsRejected))
        {
            if (!final.TryGetValue(workbook.Hospital, out var proposals))
            {
                continue;
            }

            foreach (var revised in workbook.Accepted.Where(p => proposals.ContainsKey(p.Item)))
            {
                proposals[revised.Item] = revised;
            }

            foreach (var item in workbook.Withdrawn)
            {
                proposals.Remove(item);
            }
        }

        return [.. final.Values.SelectMany(p => p.Values).OrderBy(p => p.Hospital).ThenBy(p => p.Item)];
    }
}

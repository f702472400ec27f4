using Serverless.Domain.Bidding;

namespace Serverless.Domain.Simulation;

/// <summary>
/// Two runs side by side (DOMAIN.md §6 Before): per league/city budget, saving, used, net, adopted and skipped with
/// their changes, the regional totals, and the items whose decision or adopted price changes.
/// </summary>
public sealed record RunComparison(IReadOnlyList<LeagueDelta> Leagues, LeagueFigures FirstTotal, LeagueFigures SecondTotal, IReadOnlyList<ItemChange> ChangedItems)
{
    public static RunComparison Of(CampaignResult first, CampaignResult second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var a = first.Leagues.ToDictionary(l => l.League);
        var b = second.Leagues.ToDictionary(l => l.League);
        var codes = a.Keys.Union(b.Keys).Order().ToList();
        var leagues = codes.Select(code =>
        {
            var x = a.GetValueOrDefault(code);
            var y = b.GetValueOrDefault(code);
            return new LeagueDelta(code, (x ?? y)!.Budget.Name, x is null ? null : LeagueFigures.Of(x), y is null ? null : LeagueFigures.Of(y));
        }).ToList();

        var changed = new List<ItemChange>();
        foreach (var code in codes)
        {
            var rowsA = a.GetValueOrDefault(code)?.Rows.ToDictionary(r => r.Item) ?? [];
            var rowsB = b.GetValueOrDefault(code)?.Rows.ToDictionary(r => r.Item) ?? [];
            foreach (var item in rowsA.Keys.Union(rowsB.Keys).Order())
            {
                var x = rowsA.GetValueOrDefault(item);
                var y = rowsB.GetValueOrDefault(item);
                if (ItemChange.Differs(x, y))
                {
                    changed.Add(new ItemChange(code, item, (x ?? y)!.ItemName, x, y));
                }
            }
        }

        return new RunComparison(leagues, LeagueFigures.Of(first), LeagueFigures.Of(second), changed);
    }
}

using Serverless.Domain.Bidding;
using Serverless.Domain.Monitoring;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Spreadsheets.Samples;

/// <summary>
/// Plausible quarterly monitoring workbooks for a sample campaign (DOMAIN.md §6): each public provider's last-year
/// volume ÷ 4 with ±10 % noise, except that every seventh item's volume halves (a rise then conflicts and deviates) and
/// every eleventh rises by 60 % (a cut then conflicts); hospital revenue with a service share of 25–35 %. The same
/// seed, league and quarter give the same bytes; <paramref name="badRowShare"/> of the rows carry a clerk's mistake.
/// </summary>
public static class SampleMonitoring
{
    public static byte[] Workbook(CampaignCatalog catalog, LeagueCode league, MonitoringQuarter quarter, int seed, double badRowShare = 0, double volumeFactor = 1)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        // A stable seed (string and HashCode hashes differ from process to process).
        var random = new Random(unchecked(league.Value.Aggregate(seed, (h, c) => (h * 31) + c) + (quarter.Year * 4) + quarter.Number));
        var hospitals = catalog.Scope.Hospitals.Where(h => h.League == league && h.IsPublic).OrderBy(h => h.Code).ToList();
        var codes = hospitals.Select(h => h.Code).ToHashSet();
        var itemIndex = catalog.Scope.Items.Select((item, i) => (item.Code, i)).ToDictionary(x => x.Code, x => x.i + 1);
        var volumes = new List<IReadOnlyList<object?>>();
        foreach (var provider in catalog.Scope.Providers.Where(p => p.Volume > 0 && codes.Contains(p.Hospital)).OrderBy(p => p.Hospital).ThenBy(p => p.Item))
        {
            var n = itemIndex[provider.Item];
            var trend = n % 7 == 0 ? 0.5 : n % 11 == 0 ? 1.6 : 0.9 + (random.NextDouble() * 0.2);
            var volume = Math.Round(provider.Volume / 4m * (decimal)(trend * volumeFactor), 0, MidpointRounding.AwayFromZero);
            var price = catalog.CurrentPrice(league, provider.Item).Tier3.Value;
            volumes.Add(random.NextDouble() < badRowShare
                ? [provider.Hospital.Value, provider.Item.Value, random.Next(2) == 0 ? "很多" : "-5", volume * price]
                : [provider.Hospital.Value, provider.Item.Value, volume, Math.Round(volume * price, 2, MidpointRounding.AwayFromZero)]);
        }

        var operations = hospitals.Select(h =>
        {
            var medical = random.Next(1_000, 100_000) * 1_000m;
            var service = Math.Round(medical * (0.25m + (random.Next(0, 1001) / 10_000m)), 2, MidpointRounding.AwayFromZero);
            var outOfPocket = Math.Round(medical * (0.20m + (random.Next(0, 1001) / 10_000m)), 2, MidpointRounding.AwayFromZero);
            return (IReadOnlyList<object?>)[h.Code.Value, medical, service, outOfPocket];
        });
        return MonitoringWorkbooks.Filled(volumes, [.. operations]);
    }
}

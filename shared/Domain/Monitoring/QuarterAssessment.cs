using Serverless.Domain.Bidding;

namespace Serverless.Domain.Monitoring;

/// <summary>
/// Sets a league/city's quarter against what its campaign predicted (DOMAIN.md §6). Only the items the campaign
/// adopted are monitored; their actual impact counts the quarter's volumes of the league's public hospitals, each at
/// its own tier's adopted and current price.
/// </summary>
public static class QuarterAssessment
{
    private const decimal QuartersPerYear = 4m;

    public static LeagueQuarterReport Assess(
        CampaignCatalog catalog,
        LeagueResult campaign,
        MonitoringQuarter quarter,
        MonitoringWorkbook workbook,
        IReadOnlyList<HospitalOperation>? baseline,
        MonitoringParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(workbook);
        ArgumentNullException.ThrowIfNull(parameters);
        var league = campaign.League;
        var volumes = workbook.Volumes
            .Where(v => catalog.Hospitals.TryGetValue(v.Hospital, out var h) && h.League == league && h.IsPublic)
            .ToLookup(v => v.Item);
        var items = campaign.Rows
            .Where(r => r.Decision == AdoptionDecision.Adopted && r.Tier3Price is not null)
            .OrderBy(r => r.Rank)
            .Select(row => Item(catalog, league, row, volumes[row.Item], parameters))
            .ToList();
        var predicted = items.Sum(i => i.Predicted.Value);
        decimal? fit = predicted == 0m
            ? null
            : Math.Round(items.Sum(i => i.Actual.Value) / predicted, parameters.FitDecimals, MidpointRounding.AwayFromZero);
        return new LeagueQuarterReport(league, campaign.Budget.Name, quarter, fit, items, Indicators(catalog, workbook.Operations, baseline, parameters));
    }

    private static ItemMonitoring Item(CampaignCatalog catalog, LeagueCode league, GuidePriceRow row, IEnumerable<QuarterVolume> volumes, MonitoringParameters parameters)
    {
        var current = catalog.CurrentPrice(league, row.Item);
        var actual = Yuan.Zero;
        var volume = 0m;
        foreach (var v in volumes)
        {
            var tier = catalog.Hospitals[v.Hospital].Tier;
            actual += (AdoptedAt(row, tier) - current.At(tier)) * v.Volume;
            volume += v.Volume;
        }

        var predicted = row.Impact / QuartersPerYear;
        var expectedVolume = catalog.Providers(league, row.Item).Sum(p => p.Volume) / QuartersPerYear;
        var direction = row.Tier3Price!.Value > current.Tier3 ? PriceDirection.Rise : row.Tier3Price.Value < current.Tier3 ? PriceDirection.Cut : PriceDirection.Unchanged;
        return new ItemMonitoring(row.Item, row.ItemName, direction, predicted, actual, volume, expectedVolume,
            IsDeviating(predicted, actual, parameters), IsVolumeConflict(direction, volume, expectedVolume, parameters));
    }

    /// <summary>|actual − predicted| ÷ |predicted| &gt; the share, compared by multiplying so the threshold is exact; predicted 0: |actual| &gt; the tolerance.</summary>
    public static bool IsDeviating(Yuan predicted, Yuan actual, MonitoringParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return predicted.Value == 0m
            ? Math.Abs(actual.Value) > parameters.ZeroPredictionTolerance
            : Math.Abs(actual.Value - predicted.Value) > parameters.DeviationShare * Math.Abs(predicted.Value);
    }

    /// <summary>
    /// After a rise the volume fell by more than the share of the expected (annual ÷ 4), or after a cut rose by more.
    /// With no expected volume (no providers last year) there is nothing to fall from or rise against: not flagged.
    /// </summary>
    public static bool IsVolumeConflict(PriceDirection direction, decimal volume, decimal expectedVolume, MonitoringParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return expectedVolume > 0m && direction switch
        {
            PriceDirection.Rise => volume < expectedVolume * (1m - parameters.VolumeConflictShare),
            PriceDirection.Cut => volume > expectedVolume * (1m + parameters.VolumeConflictShare),
            _ => false,
        };
    }

    private static Yuan AdoptedAt(GuidePriceRow row, Tier tier) => tier switch
    {
        Tier.Three => row.Tier3Price!.Value,
        Tier.Two => row.Tier2Price!.Value,
        _ => row.Tier1Price!.Value,
    };

    private static List<HospitalIndicator> Indicators(CampaignCatalog catalog, IReadOnlyList<HospitalOperation> operations, IReadOnlyList<HospitalOperation>? baseline, MonitoringParameters parameters)
    {
        var before = (baseline ?? []).ToDictionary(o => o.Hospital);
        return [.. operations.OrderBy(o => o.Hospital).Select(o =>
        {
            before.TryGetValue(o.Hospital, out var b);
            var service = Share(o.ServiceRevenue, o.MedicalRevenue);
            var serviceBefore = b is null ? null : Share(b.ServiceRevenue, b.MedicalRevenue);
            var pocket = Share(o.OutOfPocket, o.MedicalRevenue);
            var pocketBefore = b is null ? null : Share(b.OutOfPocket, b.MedicalRevenue);
            return new HospitalIndicator(o.Hospital, catalog.Hospitals[o.Hospital].Name,
                Round(service, parameters.ShareDecimals), Round(serviceBefore, parameters.ShareDecimals), Points(service, serviceBefore, parameters),
                Round(pocket, parameters.ShareDecimals), Round(pocketBefore, parameters.ShareDecimals), Points(pocket, pocketBefore, parameters));
        })];
    }

    private static decimal? Share(Yuan part, Yuan whole) => whole.Value == 0m ? null : part.Value / whole.Value;

    private static decimal? Points(decimal? now, decimal? before, MonitoringParameters parameters)
        => now is { } n && before is { } b ? Math.Round((n - b) * 100m, parameters.PointDecimals, MidpointRounding.AwayFromZero) : null;

    private static decimal? Round(decimal? value, int decimals) => value is { } v ? Math.Round(v, decimals, MidpointRounding.AwayFromZero) : null;
}

using System.Diagnostics.CodeAnalysis;

namespace Serverless.Domain.Bidding;

/// <summary>The scope indexed for look-ups: items, hospitals, current prices and providers per league/city and item.</summary>
public sealed class CampaignCatalog
{
    private readonly Dictionary<(LeagueCode, ItemCode), CurrentPrice> _prices;
    private readonly Dictionary<(LeagueCode, ItemCode), List<ProviderShare>> _providers = [];
    private readonly Dictionary<ItemCode, CatalogItem> _judged;

    public CampaignCatalog(CampaignScope scope, CampaignParameters parameters)
    {
        Scope = scope ?? throw new ArgumentNullException(nameof(scope));
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        Items = scope.Items.ToDictionary(i => i.Code);
        Hospitals = scope.Hospitals.ToDictionary(h => h.Code);
        Leagues = scope.Leagues.ToDictionary(l => l.Code);
        _prices = scope.CurrentPrices.ToDictionary(p => (p.League, p.Item));
        foreach (var volume in scope.Providers.Where(v => v.Volume > 0))
        {
            if (Hospitals.TryGetValue(volume.Hospital, out var hospital) && hospital.IsPublic)
            {
                var key = (hospital.League, volume.Item);
                if (!_providers.TryGetValue(key, out var list))
                {
                    _providers[key] = list = [];
                }

                list.Add(new ProviderShare(hospital.Code, hospital.Tier, volume.Volume));
            }
        }

        Budget = CampaignBudget.Compute(scope.Leagues, parameters);
        _judged = scope.Items.Select((item, index) => new CatalogItem(item, index, [Band(item, Tier.One), Band(item, Tier.Two), Band(item, Tier.Three)]))
            .ToDictionary(i => i.Item.Code);
    }

    public CampaignScope Scope { get; }

    public CampaignParameters Parameters { get; }

    public CampaignBudget Budget { get; }

    public IReadOnlyDictionary<ItemCode, ScopeItem> Items { get; }

    public IReadOnlyDictionary<HospitalCode, Hospital> Hospitals { get; }

    public IReadOnlyDictionary<LeagueCode, League> Leagues { get; }

    /// <summary>Invited: the public hospitals of the campaign's leagues/cities listed in the scope (DOMAIN.md §1).</summary>
    public bool IsInvited(HospitalCode hospital) => Hospitals.TryGetValue(hospital, out var h) && h.IsPublic && Leagues.ContainsKey(h.League);

    public IEnumerable<Hospital> InvitedHospitals => Scope.Hospitals.Where(h => IsInvited(h.Code)).OrderBy(h => h.Code);

    public decimal FloatOf(ScopeItem item) => item?.FloatRange ?? Parameters.DefaultFloatRange;

    public CurrentPrice CurrentPrice(LeagueCode league, ItemCode item) => _prices[(league, item)];

    public IReadOnlyList<ProviderShare> Providers(LeagueCode league, ItemCode item)
        => _providers.TryGetValue((league, item), out var list) ? list : [];

    /// <summary>The scope item of a (normalized) code with what judging a bid row needs, in one look-up.</summary>
    internal bool TryGetJudged(string code, [NotNullWhen(true)] out CatalogItem? item) => _judged.TryGetValue(new ItemCode(code), out item);

    /// <summary>The valid price band at a tier: benchmark × (1 ∓ float) × factor, multiplied so the check is exact.</summary>
    public (decimal Low, decimal High) Band(ScopeItem item, Tier tier)
    {
        ArgumentNullException.ThrowIfNull(item);
        var f = FloatOf(item);
        var factor = Parameters.TierFactors.Of(tier);
        return (item.Benchmark.Value * (1 - f) * factor, item.Benchmark.Value * (1 + f) * factor);
    }
}

/// <summary>
/// A scope item as judging a bid row needs it: its place among the scope's items and its band at each tier, computed
/// once per campaign instead of once per row (<see cref="CampaignCatalog.Band"/>, the same multiplication).
/// </summary>
internal sealed class CatalogItem(ScopeItem item, int index, (decimal Low, decimal High)[] bands)
{
    public ScopeItem Item { get; } = item;

    public int Index { get; } = index;

    public (decimal Low, decimal High) Band(Tier tier) => bands[(int)tier - 1];
}

using Serverless.Domain.Bidding;

namespace Serverless.Domain.Simulation;

/// <summary>
/// What a what-if run changes (DOMAIN.md §6 Before): each field null keeps the campaign's value. Growth and float
/// ranges follow §1: <see cref="DefaultGrowth"/> and <see cref="DefaultFloatRange"/> apply where the scope leaves the
/// cell blank; <see cref="LeagueGrowth"/> and <see cref="ItemFloatRanges"/> (by code) replace a league's or an item's
/// own value. All are fractions (0.015 = 1.5 %); <see cref="ParameterBounds"/> says what is accepted.
/// </summary>
public sealed record ParameterOverrides
{
    public static readonly ParameterOverrides None = new();

    public decimal? DefaultGrowth { get; init; }

    public IReadOnlyDictionary<string, decimal>? LeagueGrowth { get; init; }

    public decimal? ComplexItemShare { get; init; }

    public decimal? DefaultFloatRange { get; init; }

    public IReadOnlyDictionary<string, decimal>? ItemFloatRanges { get; init; }

    public decimal? Tier2Factor { get; init; }

    public decimal? Tier1Factor { get; init; }

    public decimal? EconomicWeight { get; init; }

    public decimal? PolicyWeight { get; init; }

    public decimal? ConsensusWeight { get; init; }

    public decimal? SurgicalWeight { get; init; }

    public decimal? WeakDisciplineWeight { get; init; }

    public decimal? TcmItemWeight { get; init; }

    public decimal? SupportedHospitalShareWeight { get; init; }

    /// <summary>Equal when every field has the same value (0.02 = 0.020) and the per-code overrides hold the same entries (none = empty).</summary>
    public bool Equals(ParameterOverrides? other)
        => other is not null
            && DefaultGrowth == other.DefaultGrowth && ComplexItemShare == other.ComplexItemShare && DefaultFloatRange == other.DefaultFloatRange
            && Tier2Factor == other.Tier2Factor && Tier1Factor == other.Tier1Factor
            && EconomicWeight == other.EconomicWeight && PolicyWeight == other.PolicyWeight && ConsensusWeight == other.ConsensusWeight
            && SurgicalWeight == other.SurgicalWeight && WeakDisciplineWeight == other.WeakDisciplineWeight && TcmItemWeight == other.TcmItemWeight
            && SupportedHospitalShareWeight == other.SupportedHospitalShareWeight
            && SameEntries(LeagueGrowth, other.LeagueGrowth) && SameEntries(ItemFloatRanges, other.ItemFloatRanges);

    public override int GetHashCode()
        => HashCode.Combine(HashCode.Combine(DefaultGrowth, ComplexItemShare, DefaultFloatRange, Tier2Factor, Tier1Factor, EconomicWeight, PolicyWeight, ConsensusWeight),
            HashCode.Combine(SurgicalWeight, WeakDisciplineWeight, TcmItemWeight, SupportedHospitalShareWeight, LeagueGrowth?.Count ?? 0, ItemFloatRanges?.Count ?? 0));

    /// <summary>The campaign's parameters with these changes.</summary>
    public CampaignParameters ApplyTo(CampaignParameters baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var factors = baseline.TierFactors;
        var weights = baseline.Weights;
        return baseline with
        {
            DefaultGrowth = DefaultGrowth ?? baseline.DefaultGrowth,
            ComplexItemShare = ComplexItemShare ?? baseline.ComplexItemShare,
            DefaultFloatRange = DefaultFloatRange ?? baseline.DefaultFloatRange,
            TierFactors = factors with { Tier2 = Tier2Factor ?? factors.Tier2, Tier1 = Tier1Factor ?? factors.Tier1 },
            Weights = new ScoreWeights(
                EconomicWeight ?? weights.Economic,
                PolicyWeight ?? weights.Policy,
                ConsensusWeight ?? weights.Consensus,
                SurgicalWeight ?? weights.Surgical,
                WeakDisciplineWeight ?? weights.WeakDiscipline,
                TcmItemWeight ?? weights.TcmItem,
                SupportedHospitalShareWeight ?? weights.SupportedHospitalShare),
        };
    }

    /// <summary>The scope with the per-league growth and per-item float overrides written into its rows.</summary>
    public CampaignScope ApplyTo(CampaignScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (LeagueGrowth is not { Count: > 0 } && ItemFloatRanges is not { Count: > 0 })
        {
            return scope;
        }

        return scope with
        {
            Leagues = [.. scope.Leagues.Select(l => LeagueGrowth?.TryGetValue(l.Code.Value, out var growth) == true ? l with { Growth = growth } : l)],
            Items = [.. scope.Items.Select(i => ItemFloatRanges?.TryGetValue(i.Code.Value, out var range) == true ? i with { FloatRange = range } : i)],
        };
    }

    private static bool SameEntries(IReadOnlyDictionary<string, decimal>? a, IReadOnlyDictionary<string, decimal>? b)
        => (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(entry => b!.TryGetValue(entry.Key, out var value) && value == entry.Value));
}

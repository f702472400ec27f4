using System.Globalization;
using Serverless.Domain.Bidding;

namespace Serverless.Domain.Simulation;

/// <summary>
/// The values a what-if run accepts. DOMAIN.md names the parameters but not their ranges; the readings here: growth
/// from −10 % to 20 % (a cut in the adjustment total is a question worth asking), the complex share from 0 to 100 %,
/// a float range below 100 % (as the scope workbook), tier factors in (0, 1] with tier 1 ≤ tier 2, every weight in
/// [0, 1] and the score weights E + P + C summing to 1, so a run's scores stay comparable with the campaign's.
/// </summary>
public static class ParameterBounds
{
    public const decimal MinGrowth = -0.10m;
    public const decimal MaxGrowth = 0.20m;

    /// <summary>Every problem of <paramref name="overrides"/> against the scope and the campaign's parameters; empty when it may run.</summary>
    public static IReadOnlyList<ParameterProblem> Check(ParameterOverrides overrides, CampaignScope scope, CampaignParameters baseline)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(baseline);
        var problems = new List<ParameterProblem>();
        void Range(string field, decimal? value, decimal low, decimal high, bool highIncluded = true)
        {
            if (value is { } v && (v < low || v > high || (!highIncluded && v == high)))
            {
                var to = highIncluded ? $"{Percent(high)}" : $"{Percent(high)}（不含）";
                problems.Add(new ParameterProblem(field, $"应在 {Percent(low)} 到 {to} 之间，而非 {Percent(v)}",
                    $"must be from {Percent(low)} to {Percent(high)}{(highIncluded ? string.Empty : " (excluded)")}, not {Percent(v)}"));
            }
        }

        Range("defaultGrowth", overrides.DefaultGrowth, MinGrowth, MaxGrowth);
        var leagues = scope.Leagues.Select(l => l.Code.Value).ToHashSet(StringComparer.Ordinal);
        if (AtMost("leagueGrowth", overrides.LeagueGrowth, leagues.Count, "盟市", "leagues/cities"))
        {
            foreach (var (code, growth) in overrides.LeagueGrowth ?? new Dictionary<string, decimal>())
            {
                Known($"leagueGrowth.{code}", leagues.Contains(code), "盟市", "league/city");
                Range($"leagueGrowth.{code}", growth, MinGrowth, MaxGrowth);
            }
        }

        Range("complexItemShare", overrides.ComplexItemShare, 0m, 1m);
        Range("defaultFloatRange", overrides.DefaultFloatRange, 0m, 1m, highIncluded: false);
        var items = scope.Items.Select(i => i.Code.Value).ToHashSet(StringComparer.Ordinal);
        if (AtMost("itemFloatRanges", overrides.ItemFloatRanges, items.Count, "项目", "items"))
        {
            foreach (var (code, range) in overrides.ItemFloatRanges ?? new Dictionary<string, decimal>())
            {
                Known($"itemFloatRanges.{code}", items.Contains(code), "项目", "item");
                Range($"itemFloatRanges.{code}", range, 0m, 1m, highIncluded: false);
            }
        }

        var effective = overrides.ApplyTo(baseline);
        Factor("tier2Factor", overrides.Tier2Factor);
        Factor("tier1Factor", overrides.Tier1Factor);
        if (effective.TierFactors.Tier1 > effective.TierFactors.Tier2 && (overrides.Tier1Factor is not null || overrides.Tier2Factor is not null))
        {
            problems.Add(new ParameterProblem(overrides.Tier1Factor is null ? "tier2Factor" : "tier1Factor",
                $"一级系数 {effective.TierFactors.Tier1} 不应高于二级系数 {effective.TierFactors.Tier2}",
                $"the tier-1 factor {effective.TierFactors.Tier1} must not exceed the tier-2 factor {effective.TierFactors.Tier2}"));
        }

        Range("economicWeight", overrides.EconomicWeight, 0m, 1m);
        Range("policyWeight", overrides.PolicyWeight, 0m, 1m);
        Range("consensusWeight", overrides.ConsensusWeight, 0m, 1m);
        Range("surgicalWeight", overrides.SurgicalWeight, 0m, 1m);
        Range("weakDisciplineWeight", overrides.WeakDisciplineWeight, 0m, 1m);
        Range("tcmItemWeight", overrides.TcmItemWeight, 0m, 1m);
        Range("supportedHospitalShareWeight", overrides.SupportedHospitalShareWeight, 0m, 1m);
        var weights = effective.Weights;
        var sum = weights.Economic + weights.Policy + weights.Consensus;
        if (sum != 1m)
        {
            problems.Add(new ParameterProblem("weights", $"经济、政策、共识三项权重之和应为 1，而非 {sum.ToString(CultureInfo.InvariantCulture)}",
                $"the economic, policy and consensus weights must sum to 1, not {sum.ToString(CultureInfo.InvariantCulture)}"));
        }

        return problems;

        // More entries than the scope has codes cannot all be right: one problem, not one per entry.
        bool AtMost(string field, IReadOnlyDictionary<string, decimal>? entries, int count, string zh, string en)
        {
            if ((entries?.Count ?? 0) <= count)
            {
                return true;
            }

            problems.Add(new ParameterProblem(field, $"条目多于范围中的{zh}数（{count}）", $"more entries than the scope has {en} ({count})"));
            return false;
        }

        void Known(string field, bool known, string zh, string en)
        {
            if (!known)
            {
                problems.Add(new ParameterProblem(field, $"范围中没有该{zh}", $"no such {en} in the scope"));
            }
        }

        void Factor(string field, decimal? value)
        {
            if (value is { } v && (v <= 0m || v > 1m))
            {
                problems.Add(new ParameterProblem(field, $"应大于 0 且不超过 1，而非 {v.ToString(CultureInfo.InvariantCulture)}",
                    $"must be above 0 and at most 1, not {v.ToString(CultureInfo.InvariantCulture)}"));
            }
        }
    }

    private static string Percent(decimal fraction) => (fraction * 100m).ToString("0.###", CultureInfo.InvariantCulture) + "%";
}

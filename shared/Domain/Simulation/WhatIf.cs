using Serverless.Domain.Bidding;

namespace Serverless.Domain.Simulation;

/// <summary>
/// The what-if simulation (DOMAIN.md §6 Before): the campaign's own §1 steps on a scope and bid workbooks under changed
/// parameters — every workbook judged again (the band moves with the float ranges and tier factors), round 2 judged
/// against the simulated round 1 as the campaign judges it against its closed round 1, the final proposals ranked and
/// adopted within the simulated budget. Nothing is published: the result is only returned.
/// </summary>
public static class WhatIf
{
    /// <summary>
    /// Runs one simulation. Each round's workbooks are judged in parallel (pass a parallel query to read them in
    /// parallel too); a hospital's later workbook of a round replaces its earlier one, as in the campaign.
    /// </summary>
    /// <exception cref="ArgumentException">The overrides break <see cref="ParameterBounds"/>.</exception>
    public static WhatIfResult Run(CampaignScope scope, IEnumerable<BidSheet> roundOne, IEnumerable<BidSheet> roundTwo, CampaignParameters baseline, ParameterOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(roundOne);
        ArgumentNullException.ThrowIfNull(roundTwo);
        ArgumentNullException.ThrowIfNull(overrides);
        if (ParameterBounds.Check(overrides, scope, baseline) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems.Select(p => $"{p.Field}: {p.MessageEn}")), nameof(overrides));
        }

        var parameters = overrides.ApplyTo(baseline);
        var catalog = new CampaignCatalog(overrides.ApplyTo(scope), parameters);
        var (first, firstTally) = Judge(catalog, 1, roundOne, _ => null);

        // Between the rounds the campaign's rule: each hospital's round-2 rows are judged against its simulated round 1.
        var roundOneByHospital = first.ToDictionary(r => r.Hospital);
        var (second, secondTally) = Judge(catalog, 2, roundTwo, h => FinalProposals.RoundTwoBasis(roundOneByHospital.GetValueOrDefault(h)));
        var result = PriceAdoption.Adopt(catalog, FinalProposals.Merge(first, second));
        return new WhatIfResult(parameters, result, [firstTally, secondTally]);
    }

    private static (List<BidWorkbookResult> Results, SimulatedRound Tally) Judge(
        CampaignCatalog catalog, int round, IEnumerable<BidSheet> sheets, Func<HospitalCode, IReadOnlyDictionary<ItemCode, Proposal>?> roundOne)
    {
        var judged = sheets.AsParallel().AsOrdered()
            .Select(sheet =>
            {
                if (sheet.Round != round)
                {
                    throw new ArgumentException($"A round-{sheet.Round} workbook ({sheet.FileName}) was given as round {round}.", nameof(sheets));
                }

                var result = BidValidator.Validate(catalog, sheet.Hospital, round, sheet.FileName, sheet.Sheet, sheet.Issues, roundOne(sheet.Hospital));
                // Only what the next steps read is kept: the rows' own outcomes are counted, then dropped.
                return (Result: result with { Rows = [] }, result.ValidRowCount, result.RejectedRowCount);
            })
            .ToList();
        var latest = judged.GroupBy(j => j.Result.Hospital).Select(g => g.Last()).OrderBy(j => j.Result.Hospital).ToList();
        var tally = new SimulatedRound(round, latest.Count, latest.Count(j => j.Result.IsRejected), latest.Sum(j => j.ValidRowCount), latest.Sum(j => j.RejectedRowCount));
        return ([.. latest.Select(j => j.Result)], tally);
    }
}

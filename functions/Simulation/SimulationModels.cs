using System.Text.Json.Serialization;
using Serverless.Domain.Bidding;
using Serverless.Domain.Simulation;
using Serverless.Functions.Bidding;

namespace Serverless.Functions.Simulation;

/// <summary>
/// A what-if run asked for: the campaign whose counted bid workbooks it judges, optionally its own id (a retry with the
/// same id and request finds the run already made), the campaign whose scope it runs on (default: the same one; a scope
/// uploaded for a campaign not started yet is fine), and the parameter overrides. With <see cref="WorkbookSetId"/> it
/// judges the workbooks uploaded for simulations under that set instead (then the campaign only names the scope).
/// </summary>
public sealed record SimulationRequest(string? CampaignId, string? RunId = null, string? ScopeCampaignId = null, ParameterOverrides? Parameters = null, string? WorkbookSetId = null);

/// <summary>
/// A run as stored in the <c>simulations</c> container: what was asked, by whom, when, how long it took, and the exact
/// outcome. A run on a workbook set is listed under its scope's campaign and names the set.
/// </summary>
public sealed record SimulationRecord(
    string RunId,
    string CampaignId,
    string ScopeCampaignId,
    ParameterOverrides Overrides,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    long Milliseconds,
    WhatIfResult Outcome,
    string? WorkbookSetId = null)
{
    /// <summary>Whether this run answers a request for the same campaign, scope, workbook set and overrides (who asked and when do not matter to a retry).</summary>
    public bool Answers(string campaignId, string scopeCampaignId, string? workbookSetId, ParameterOverrides overrides)
        => CampaignId == campaignId && ScopeCampaignId == scopeCampaignId && WorkbookSetId == workbookSetId && Overrides.Equals(overrides);
}

/// <summary>A bid workbook uploaded for simulations: its set, round and hospital, its size and when it was uploaded.</summary>
public sealed record SimulationWorkbook(string WorkbookSetId, int Round, string Hospital, long Bytes, DateTimeOffset? UploadedAt);

/// <summary>A run in a campaign's list: who ran what and its regional totals (fen).</summary>
public sealed record SimulationSummary(
    string RunId,
    string CampaignId,
    string ScopeCampaignId,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    long Milliseconds,
    ParameterOverrides Overrides,
    LeagueSummary Total,
    string? WorkbookSetId = null)
{
    public static SimulationSummary Of(SimulationRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new SimulationSummary(run.RunId, run.CampaignId, run.ScopeCampaignId, run.CreatedAt, run.CreatedBy, run.Milliseconds, run.Overrides,
            SimulationView.Regional(LeagueFigures.Of(run.Outcome.Result)), run.WorkbookSetId);
    }
}

/// <summary>One item of a league/city in a run, as the guide-price list shows it (prices and impact in fen).</summary>
public sealed record ItemRunView(
    string League,
    string Item,
    string Name,
    int Rank,
    decimal Score,
    [property: JsonConverter(typeof(JsonStringEnumConverter<AdoptionDecision>))] AdoptionDecision Decision,
    decimal? Tier3,
    decimal? Tier2,
    decimal? Tier1,
    decimal CurrentTier3,
    decimal Impact,
    int Proposals,
    int Providers,
    string? SkipReasonZh,
    string? SkipReasonEn)
{
    public static ItemRunView Of(GuidePriceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ItemRunView(row.League.Value, row.Item.Value, row.ItemName, row.Rank, row.Score, row.Decision, row.Tier3Price?.Value, row.Tier2Price?.Value,
            row.Tier1Price?.Value, row.CurrentTier3Price.Value, row.Impact.RoundToFen().Value, row.ProposalCount, row.ProviderCount, row.SkipReasonZh, row.SkipReasonEn);
    }
}

/// <summary>Two runs side by side: each league/city's line in both with its change (second − first), the regional lines, and the changed items.</summary>
public sealed record ComparisonView(
    SimulationSummary First,
    SimulationSummary Second,
    IReadOnlyList<LeagueComparisonView> Leagues,
    LeagueComparisonView Total,
    IReadOnlyList<ItemChangeView> ChangedItems);

/// <summary>A league/city (or the region) in two runs; a side is null when that run's scope has no such league/city.</summary>
public sealed record LeagueComparisonView(string League, string Name, LeagueSummary? First, LeagueSummary? Second, LeagueSummary Change);

/// <summary>An item whose decision or adopted price differs between the runs; a side is null when the item had no final proposal in that run.</summary>
public sealed record ItemChangeView(string League, string LeagueName, string Item, string Name, ItemRunView? First, ItemRunView? Second);

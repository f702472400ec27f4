using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Serverless.Domain.Bidding;
using Serverless.Domain.Monitoring;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Monitoring;

/// <summary>The monitoring HTTP API for officials (DOMAIN.md §6): the dashboard, one league-quarter's figures, the evaluation.</summary>
public static class MonitoringEndpoints
{
    public static async Task<Results<Ok<MonitoringView>, NotFound>> GetAsync(string campaignId, MonitoringStore store, ScopeCache scopes, NotificationOutbox outbox,
        DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (await store.PlanAsync(campaignId, cancellationToken) is not { } plan)
        {
            return TypedResults.NotFound();
        }

        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        var rows = (await store.RowsAsync(campaignId, cancellationToken)).ToDictionary(r => (r.Quarter, r.League));
        var instance = await client.GetInstanceAsync(plan.InstanceId, cancellationToken);
        // A monitoring that failed or was stopped says so rather than looking closed.
        var phase = instance?.WillHearEvents() == true ? "Monitoring"
            : instance is null || instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? "Closed" : instance.RuntimeStatus.ToString();
        var quarters = plan.Quarters.Select(q => new QuarterView(q.Quarter, q.DueDate, q.ReminderUtc, q.EscalationUtc,
            rows.Keys.Any(k => k.Quarter == q.Quarter) ? $"results/{MonitoringStore.RegionalReportBlob(campaignId, q.Quarter)}" : null,
            [.. plan.Leagues.Select(league => rows.TryGetValue((q.Quarter, league), out var r)
                ? new LeagueQuarterView(league, NameOf(catalog, league), true, r.Late, r.UploadedAt, r.TotalPredicted, r.TotalActual, r.Fit, r.Deviating, r.Conflicts,
                    r.RejectedRows, $"reports/{r.ValidationReport}", r.ReportBlob is null ? null : $"results/{r.ReportBlob}")
                : new LeagueQuarterView(league, NameOf(catalog, league), false, false, null, null, null, null, 0, 0, 0, null, null))]));
        var notices = (await outbox.ForInstanceAsync(plan.InstanceId, cancellationToken))
            .Select(n => new NoticeView(n.GetString("Kind"), n.GetString("Recipient"), n.GetString("Quarter"), n.GetString("League"), n.GetString("TextZh"), n.GetString("TextEn"), n.GetDateTimeOffset("CreatedAt")))
            .OrderBy(n => n.CreatedAt);
        return TypedResults.Ok(new MonitoringView(campaignId, plan.EffectiveDate, plan.BaselineYear, phase, plan.CloseUtc, [.. quarters], [.. notices]));
    }

    public static async Task<Results<Ok<LeagueQuarterReport>, NotFound>> LeagueQuarterAsync(string campaignId, string quarter, string league, MonitoringStore store, CancellationToken cancellationToken)
        => await store.RecordAsync(campaignId, quarter, league, cancellationToken) is { Report: { } report } ? TypedResults.Ok(report) : TypedResults.NotFound();

    /// <summary>The evaluation over the plan's last four quarters: per league/city the fits, and the items flagged in at least two (DOMAIN.md §6 After).</summary>
    public static async Task<Results<Ok<IReadOnlyList<LeagueEvaluation>>, NotFound>> EvaluationAsync(string campaignId, MonitoringStore store, ScopeCache scopes,
        MonitoringParameters parameters, CancellationToken cancellationToken)
    {
        if (await store.PlanAsync(campaignId, cancellationToken) is not { } plan)
        {
            return TypedResults.NotFound();
        }

        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        return TypedResults.Ok(await EvaluateAsync(plan, catalog, store, parameters, cancellationToken));
    }

    /// <summary>The evaluation of one campaign's monitoring, from its stored quarter reports.</summary>
    public static async Task<IReadOnlyList<LeagueEvaluation>> EvaluateAsync(MonitoringStart plan, CampaignCatalog catalog, MonitoringStore store, MonitoringParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(store);
        var reports = new List<LeagueQuarterReport>();
        foreach (var row in (await store.RowsAsync(plan.CampaignId, cancellationToken)).Where(r => r.Monitored))
        {
            if ((await store.RecordAsync(plan.CampaignId, row.Quarter, row.League, cancellationToken))?.Report is { } report)
            {
                reports.Add(report);
            }
        }

        MonitoringQuarter.TryParse(plan.Quarters[^1].Quarter, out var last);
        return MonitoringEvaluation.Evaluate(reports, plan.Leagues.Select(l => (new LeagueCode(l), NameOf(catalog, l))), last, parameters);
    }

    /// <summary>The evaluation of every monitoring whose first quarter began on or before <paramref name="reviewDate"/>, for the annual review's report.</summary>
    public static async Task<IReadOnlyList<CampaignEvaluation>> EvaluateStartedAsync(DateOnly reviewDate, MonitoringStore store, ScopeCache scopes, MonitoringParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(scopes);
        var evaluations = new List<CampaignEvaluation>();
        foreach (var plan in (await store.PlansAsync(cancellationToken)).Where(p => MonitoringQuarter.TryParse(p.Quarters[0].Quarter, out var first) && first.FirstDay <= reviewDate))
        {
            var catalog = await scopes.CatalogAsync(plan.CampaignId, cancellationToken);
            evaluations.Add(new CampaignEvaluation(plan.CampaignId, await EvaluateAsync(plan, catalog, store, parameters, cancellationToken)));
        }

        return evaluations;
    }

    private static string NameOf(CampaignCatalog catalog, string league) => catalog.Leagues.TryGetValue(new LeagueCode(league), out var found) ? found.Name : league;
}

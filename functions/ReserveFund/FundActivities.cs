using System.Text.Json;
using Serverless.Domain;
using Serverless.Domain.Calendar;
using Serverless.Domain.ReserveFund;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.ReserveFund;

/// <summary>The collection's activities: everything with I/O, called by <see cref="FundCollectionOrchestration"/>.</summary>
public sealed class FundActivities(FundStore store, TimeProvider time)
{
    public const string Plan = "ReserveFund_Plan";
    public const string PostContribution = "ReserveFund_PostContribution";
    public const string Notify = "ReserveFund_Notify";
    public const string SettleDeficits = "ReserveFund_SettleDeficits";
    public const string Report = "ReserveFund_Report";

    public void Register(DurableTaskRegistry registry, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddActivityFunc<FundCollectionStart, CollectionPlan>(Plan, (c, start) => PlanAsync(start, stopping))
            .AddActivityFunc<ContributionPosting, bool>(PostContribution, (c, posting) => PostContributionAsync(posting, stopping))
            .AddActivityFunc<FundNotice, int>(Notify, (c, notice) => NotifyAsync(notice, stopping))
            .AddActivityFunc<FundCollectionStart, IReadOnlyList<DeficitView>>(SettleDeficits, (c, start) => SettleAsync(start, stopping))
            .AddActivityFunc<FundCollectionStart, FundCollectionSummary>(Report, (c, start) => ReportAsync(start, stopping));
    }

    public async Task<bool> PostContributionAsync(ContributionPosting posting, CancellationToken cancellationToken)
    {
        await PostAsync(posting, cancellationToken);
        return true;
    }

    /// <summary>
    /// Computes the year's contributions against the ledger balance, writes each region's notice and contribution row,
    /// and keeps the plan: a retried step returns the kept plan rather than computing again against a moved balance.
    /// </summary>
    public async Task<CollectionPlan> PlanAsync(FundCollectionStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (await store.DownloadAsync(StorageNames.WorkContainer, FundStore.PlanBlob(start.Fund, start.CollectionYear), cancellationToken) is { } kept)
        {
            return JsonSerializer.Deserialize<CollectionPlan>(kept, Workflows.Json)!;
        }

        var statements = await store.StatementsAsync(start.Fund, start.CollectionYear, cancellationToken);
        if (statements is null || statements.Count == 0)
        {
            return new CollectionPlan(false, 0m, 0m, false, []);
        }

        var balance = await store.Ledger.BalanceAsync(start.Fund, cancellationToken);
        var collection = Collection.Compute(statements, balance, start.Parameters);
        var due = ChinaTime.ToChinaDate(time.GetUtcNow()).AddDays((int)FundCollectionOrchestration.ReminderAfter.TotalDays);
        foreach (var statement in statements)
        {
            var amount = collection.Contributions[statement.Region];
            await store.SaveContributionAsync(start.Fund, start.CollectionYear, statement.Region, amount, cancellationToken);
            await store.UploadAsync(StorageNames.ResultsContainer, $"{FundStore.Folder(start.Fund, start.CollectionYear)}/notices/{statement.Region}.xlsx",
                FundWorkbooks.CollectionNotice(start.Fund, start.StatementYear, statement.Region, amount, statement.RevenueExcludingPersonalAccounts, start.Parameters.ContributionRatio, collection.Scaled, due),
                cancellationToken);
        }

        var plan = new CollectionPlan(true, collection.Cap.Value, collection.BalanceBefore.Value, collection.Scaled,
            [.. collection.Contributions.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new RegionContribution(c.Key, c.Value.Value))]);
        await store.UploadAsync(StorageNames.WorkContainer, FundStore.PlanBlob(start.Fund, start.CollectionYear), JsonSerializer.SerializeToUtf8Bytes(plan, Workflows.Json), cancellationToken);
        return plan;
    }

    /// <summary>Posts a confirmed contribution; the idempotency key makes a retried step post it once.</summary>
    public Task PostAsync(ContributionPosting posting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posting);
        var start = posting.Start;
        return store.Ledger.AppendAsync(start.Fund, start.StatementYear, posting.Region, LedgerKinds.Contribution, new Yuan(posting.Amount),
            $"{start.InstanceId}/{posting.Region}/{LedgerKinds.Contribution}", cancellationToken);
    }

    public async Task<int> NotifyAsync(FundNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var sent = 0;
        foreach (var region in notice.Regions)
        {
            var (recipient, zh, en) = notice.Kind == "reminder"
                ? (Roles.FinanceOffice, $"提醒：{region} {notice.Start.StatementYear} 年度调剂金尚未确认到账", $"Reminder: {region}'s {notice.Start.StatementYear} reserve-fund transfer is not confirmed")
                : (Roles.OfficeHead, $"督办：{region} {notice.Start.StatementYear} 年度调剂金逾 30 日未确认到账", $"Escalation: {region}'s {notice.Start.StatementYear} reserve-fund transfer is 30 days unconfirmed");
            sent += await store.NotifyAsync(notice.Start.InstanceId, region, notice.Kind, recipient, zh, en, cancellationToken) ? 1 : 0;
        }

        return sent;
    }

    /// <summary>Deficit shares against the balance after the contributions, each payout posted once as a negative entry.</summary>
    public async Task<IReadOnlyList<DeficitView>> SettleAsync(FundCollectionStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var statements = await store.StatementsAsync(start.Fund, start.CollectionYear, cancellationToken) ?? [];
        var entries = await store.Ledger.EntriesAsync(start.Fund, cancellationToken);

        // A retried step must not see its own payouts in the balance: they are added back before computing.
        var ownPayouts = entries.Where(e => e.Year == start.StatementYear && e.Kind == LedgerKinds.DeficitPayout).Sum(e => e.Amount.Value);
        var balance = new Yuan(Ledger.Balance(entries).Value - ownPayouts);
        var shares = DeficitSettlement.Compute(statements, balance, start.Parameters);
        foreach (var share in shares.Where(s => s.ReservePaid.Value > 0m))
        {
            await store.Ledger.AppendAsync(start.Fund, start.StatementYear, share.Region, LedgerKinds.DeficitPayout, -share.ReservePaid,
                $"{start.InstanceId}/{share.Region}/{LedgerKinds.DeficitPayout}", cancellationToken);
        }

        return [.. shares.Select(s => new DeficitView(s.Region, s.Deficit.Value, s.FromSurplus.Value, s.ReserveDue.Value, s.ReservePaid.Value, s.Government.Value))];
    }

    public async Task<FundCollectionSummary> ReportAsync(FundCollectionStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var statements = await store.StatementsAsync(start.Fund, start.CollectionYear, cancellationToken) ?? [];
        var plan = JsonSerializer.Deserialize<CollectionPlan>((await store.DownloadAsync(StorageNames.WorkContainer, FundStore.PlanBlob(start.Fund, start.CollectionYear), cancellationToken))!, Workflows.Json)!;
        var collection = new Collection(new Yuan(plan.Cap), new Yuan(plan.BalanceBefore), plan.Scaled,
            plan.Contributions.ToDictionary(c => c.Region, c => new Yuan(c.Amount), StringComparer.Ordinal));
        var entries = await store.Ledger.EntriesAsync(start.Fund, cancellationToken);
        var problem = Ledger.Verify(entries);
        var report = $"{FundStore.Folder(start.Fund, start.CollectionYear)}/annual-report.xlsx";
        await store.UploadAsync(StorageNames.ResultsContainer, report, FundWorkbooks.AnnualReport(start.Fund, start.StatementYear, collection, statements, entries, problem), cancellationToken);

        // Resident funds also transfer at least the critical-illness share of their revenue (DOMAIN.md §3); listed, not posted: it is not reserve-fund money.
        IReadOnlyList<RegionContribution> criticalIllness = start.Fund == InsuranceType.Residents
            ? [.. statements.OrderBy(s => s.Region, StringComparer.Ordinal).Select(s => new RegionContribution(s.Region, (s.RevenueExcludingPersonalAccounts * start.Parameters.CriticalIllnessShare).RoundToFen().Value))]
            : [];
        return new FundCollectionSummary(start.Fund.ToString(), start.CollectionYear, plan.Cap, plan.BalanceBefore, collection.Total.Value, plan.Scaled, [], criticalIllness,
            Ledger.Balance(entries).Value, $"results/{report}");
    }
}

/// <summary>What a ledger entry records.</summary>
public static class LedgerKinds
{
    public const string Contribution = "contribution";
    public const string DeficitPayout = "deficit-payout";
}

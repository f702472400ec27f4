using Microsoft.DurableTask;
using Serverless.Functions.Hosting;
using Microsoft.DurableTask.Client;

namespace Serverless.Functions.ReserveFund;

/// <summary>
/// One insurance type's yearly reserve-fund collection (DOMAIN.md §3): wait for the regions' statements, compute the
/// capped contributions and send the notices, wait for every region's transfer confirmation (reminder after
/// <see cref="ReminderAfter"/>, escalation after <see cref="EscalationAfter"/>), posting each to the ledger as it is
/// confirmed, then settle the deficits and write the annual report. The instance id is the fund and year, so a second
/// timer firing for the same year starts nothing.
/// </summary>
public static class FundCollectionOrchestration
{
    public const string Name = "ReserveFund_Collection";
    public const string StatementsReadyEvent = "StatementsReady";
    public const string TransferConfirmedEvent = "TransferConfirmed";

    /// <summary>DOMAIN.md §3: "a reminder goes out after 15 days, escalation after 30" (calendar days).</summary>
    public static readonly TimeSpan ReminderAfter = TimeSpan.FromDays(15);

    public static readonly TimeSpan EscalationAfter = TimeSpan.FromDays(30);

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator(Name, new Orchestrator<FundCollectionStart, FundCollectionSummary>(RunAsync));
    }

    public static async Task<FundCollectionSummary> RunAsync(TaskOrchestrationContext context, FundCollectionStart start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(start);
        context.SetCustomStatus(new FundProgress("AwaitingStatements", [], false, false));
        var plan = await context.CallActivityAsync<CollectionPlan>(FundActivities.Plan, start);
        while (!plan.StatementsReady)
        {
            await context.WaitForSignalAsync(StatementsReadyEvent);
            plan = await context.CallActivityAsync<CollectionPlan>(FundActivities.Plan, start);
        }

        var amounts = plan.Contributions.ToDictionary(c => c.Region, c => c.Amount, StringComparer.Ordinal);
        var unconfirmed = new SortedSet<string>(plan.Contributions.Where(c => c.Amount > 0m).Select(c => c.Region), StringComparer.Ordinal);
        using var timers = new CancellationTokenSource();
        var noticeTime = context.CurrentUtcDateTime;
        Task? reminder = context.CreateTimer(noticeTime + ReminderAfter, timers.Token);
        Task? escalation = context.CreateTimer(noticeTime + EscalationAfter, timers.Token);
        var confirmation = context.WaitForEventAsync<TransferConfirmed>(TransferConfirmedEvent);
        var progress = new FundProgress("AwaitingTransfers", [.. unconfirmed], false, false);
        context.SetCustomStatus(progress);
        while (unconfirmed.Count > 0)
        {
            var winner = await Task.WhenAny(new[] { confirmation, reminder, escalation }.OfType<Task>());
            if (winner == confirmation)
            {
                var confirmed = await confirmation;
                confirmation = context.WaitForEventAsync<TransferConfirmed>(TransferConfirmedEvent);
                if (confirmed?.Region is { } region && unconfirmed.Remove(region))
                {
                    await context.CallActivityAsync<bool>(FundActivities.PostContribution, new ContributionPosting(start, region, amounts[region]));
                }
            }
            else if (winner == reminder)
            {
                reminder = null;
                progress = progress with { Reminded = true };
                await context.CallActivityAsync<int>(FundActivities.Notify, new FundNotice(start, [.. unconfirmed], "reminder"));
            }
            else
            {
                escalation = null;
                progress = progress with { Escalated = true };
                await context.CallActivityAsync<int>(FundActivities.Notify, new FundNotice(start, [.. unconfirmed], "escalation"));
            }

            progress = progress with { Unconfirmed = [.. unconfirmed] };
            context.SetCustomStatus(progress);
        }

        timers.Cancel();
        context.SetCustomStatus(progress with { Phase = "SettlingDeficits" });
        var deficits = await context.CallActivityAsync<IReadOnlyList<DeficitView>>(FundActivities.SettleDeficits, start);
        var summary = await context.CallActivityAsync<FundCollectionSummary>(FundActivities.Report, start);
        context.SetCustomStatus(progress with { Phase = "Completed" });
        return summary with { Deficits = deficits };
    }
}

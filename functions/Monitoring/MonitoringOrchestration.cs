using Microsoft.DurableTask;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Monitoring;

/// <summary>
/// A completed campaign's year of quarterly monitoring (DOMAIN.md §6 During): takes each league/city's workbook for a
/// quarter whenever it comes (a re-upload replaces the earlier and recomputes), reminds the leagues still missing a
/// quarter five days before it is due, escalates to the price office the day after, and closes when late uploads are
/// no longer taken. Deterministic: times come from the input, waits and I/O go through the context.
/// </summary>
public static class MonitoringOrchestration
{
    public const string Name = "Monitoring_Quarterly";
    public const string UploadedEvent = "MonitoringUploaded";

    public static string InstanceIdOf(string campaignId) => $"{campaignId}-monitoring";

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator(Name, new Orchestrator<MonitoringStart, MonitoringProgress>(RunAsync));
    }

    public static async Task<MonitoringProgress> RunAsync(TaskOrchestrationContext context, MonitoringStart start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(start);
        var received = start.Quarters.ToDictionary(q => q.Quarter, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var notices = start.Quarters
            .SelectMany(q => new[] { (At: q.ReminderUtc, Plan: q, Kind: MonitoringNoticeKind.Reminder), (At: q.EscalationUtc, Plan: q, Kind: MonitoringNoticeKind.Escalation) })
            .OrderBy(n => n.At)
            .ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = 0;
        var timer = context.CreateTimer(notices[next].At.UtcDateTime, CancellationToken.None);
        var upload = context.WaitForEventAsync<MonitoringUploaded>(UploadedEvent);
        context.SetCustomStatus(Progress("Monitoring", start, received));

        while (true)
        {
            var winner = await Task.WhenAny(timer, upload);
            if (winner == timer)
            {
                if (next == notices.Count)
                {
                    break;
                }

                var (_, plan, kind) = notices[next++];
                var missing = start.Leagues.Where(l => !received[plan.Quarter].Contains(l)).ToList();
                if (missing.Count > 0)
                {
                    await context.CallActivityAsync<int>(MonitoringActivities.SendNotices, new NoticeWork(start.CampaignId, plan.Quarter, kind, plan.DueDate, missing));
                }

                timer = context.CreateTimer((next < notices.Count ? notices[next].At : start.CloseUtc).UtcDateTime, CancellationToken.None);
                continue;
            }

            var uploaded = await upload;
            upload = context.WaitForEventAsync<MonitoringUploaded>(UploadedEvent);
            if (uploaded?.ArchiveBlob is null || !seen.Add(uploaded.ArchiveBlob))
            {
                continue;
            }

            var taken = await context.CallActivityAsync<UploadTaken>(MonitoringActivities.TakeUpload, new UploadWork(start.CampaignId, uploaded));
            if (taken.Accepted && received.TryGetValue(taken.Quarter, out var leagues))
            {
                leagues.Add(taken.League);
            }

            context.SetCustomStatus(Progress("Monitoring", start, received));
        }

        var closed = Progress("Closed", start, received);
        context.SetCustomStatus(closed);
        return closed;
    }

    private static MonitoringProgress Progress(string phase, MonitoringStart start, Dictionary<string, SortedSet<string>> received)
        => new(phase, [.. start.Quarters.Select(q => new QuarterProgress(q.Quarter, [.. received[q.Quarter]], [.. start.Leagues.Where(l => !received[q.Quarter].Contains(l))]))]);
}

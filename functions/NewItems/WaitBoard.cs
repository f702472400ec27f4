using Serverless.Functions.Hosting;
using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Security;

namespace Serverless.Functions.NewItems;

/// <summary>
/// The human waits of one application, inside its orchestration. Each wait gets a deterministic id (<c>{step}-{n}</c>),
/// a row people can see, a half-time reminder timer and a deadline timer. Decisions arrive on one event channel and
/// are matched to their wait by id: a decision for a wait not opened yet is kept until it opens (the callback may
/// beat the activity's completion message), one for a closed or unknown wait is dropped. At the deadline an
/// official's wait escalates to the office head, who may then decide it too; a hospital's wait lapses instead.
/// </summary>
public sealed class WaitBoard(TaskOrchestrationContext context, string applicationId)
{
    /// <summary>The synthetic decision of a hospital wait whose deadline passed.</summary>
    public const string LapsedDecision = "lapsed";

    private readonly Dictionary<string, DecisionMade> _early = new(StringComparer.Ordinal);
    private readonly List<LiveWait> _open = [];
    private Task<DecisionMade?>? _next;
    private int _counter;

    public string Phase { get; set; } = "Preparing";

    public string? Channel { get; set; }

    public TrialView? Trial { get; set; }

    public async Task<DecisionMade> AwaitOneAsync(string step, string role, int workingDays, IReadOnlyList<string> allowed, bool lapses = false)
        => (await AwaitAllAsync([(step, role, workingDays, allowed)], lapses))[0];

    /// <summary>Opens the waits together and returns their decisions in the same order once every one is decided.</summary>
    public async Task<IReadOnlyList<DecisionMade>> AwaitAllAsync(IReadOnlyList<(string Step, string Role, int WorkingDays, IReadOnlyList<string> Allowed)> steps, bool lapses = false)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var now = context.CurrentUtcDateTime;
        var requests = steps.Select(s => new WaitRequest(applicationId, $"{s.Step}-{++_counter}", s.Step, s.Role, s.WorkingDays, s.Allowed, now)).ToList();
        var opened = await Task.WhenAll(requests.Select(r => context.CallActivityAsync<OpenedWait>(NewItemActivities.OpenWait, r)));
        var waits = requests.Select((r, i) => new LiveWait(r, opened[i], context, now, lapses)).ToList();
        _open.AddRange(waits);
        _next ??= context.WaitForEventAsync<DecisionMade>(NewItemOrchestration.DecisionEvent);
        Publish();

        foreach (var wait in waits)
        {
            if (_early.Remove(wait.Request.WaitId, out var early) && Accepts(wait, early))
            {
                await CloseAsync(wait, early);
            }
        }

        while (waits.Any(w => w.Decision is null))
        {
            var timers = waits.Where(w => w.Decision is null).SelectMany(w => new[] { w.Reminder, w.Deadline }).OfType<Task>();
            var winner = await Task.WhenAny([_next, .. timers]);
            if (winner == _next)
            {
                var decision = await _next;
                _next = context.WaitForEventAsync<DecisionMade>(NewItemOrchestration.DecisionEvent);
                if (decision?.WaitId is null)
                {
                    continue;
                }

                var wait = _open.FirstOrDefault(w => w.Request.WaitId == decision.WaitId);
                if (wait is not null && wait.Decision is null && Accepts(wait, decision))
                {
                    await CloseAsync(wait, decision);
                }
                else if (wait is null && SequenceOf(decision.WaitId) > _counter)
                {
                    _early[decision.WaitId] = decision;
                }

                continue;
            }

            var due = waits.First(w => w.Reminder == winner || w.Deadline == winner);
            if (due.Reminder == winner)
            {
                due.Reminder = null;
                await context.CallActivityAsync<bool>(NewItemActivities.Remind, new WaitNotice(applicationId, due.Request.WaitId, "reminder", due.Request.Role, due.Opened.DueDate));
            }
            else if (due.Lapses)
            {
                due.Deadline = null;
                await CloseAsync(due, new DecisionMade(due.Request.WaitId, due.Request.Step, LapsedDecision, "system", "system", "deadline passed", null,
                    new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)));
            }
            else
            {
                due.Deadline = null;
                due.Escalated = true;
                await context.CallActivityAsync<bool>(NewItemActivities.Escalate, new WaitNotice(applicationId, due.Request.WaitId, "escalation", Roles.OfficeHead, due.Opened.DueDate));
            }

            Publish();
        }

        return [.. waits.Select(w => w.Decision!)];
    }

    /// <summary>Sets the custom status: the phase and the waits open now.</summary>
    public void Publish() => context.SetCustomStatus(new NewItemProgress(Phase, Channel,
        [.. _open.Where(w => w.Decision is null).Select(w => new OpenWaitView(w.Request.WaitId, w.Request.Step, w.Request.Role, w.Opened.DueDate, w.Escalated, w.Request.Allowed))],
        Trial));

    private static bool Accepts(LiveWait wait, DecisionMade decision) =>
        wait.Request.Allowed.Contains(decision.Decision) && (decision.Role == wait.Request.Role || (wait.Escalated && decision.Role == Roles.OfficeHead));

    private async Task CloseAsync(LiveWait wait, DecisionMade decision)
    {
        wait.Decision = decision;
        wait.Cancel();
        _open.Remove(wait);
        await context.CallActivityAsync<bool>(NewItemActivities.CloseWait, new WaitClosure(applicationId, wait.Request.WaitId, decision));
        Publish();
    }

    /// <summary>The order in which an application's waits were opened, from a wait id ("{step}-{n}"); 0 when it has none.</summary>
    public static int SequenceOf(string? waitId)
    {
        var dash = waitId?.LastIndexOf('-') ?? -1;
        return dash >= 0 && int.TryParse(waitId!.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private sealed class LiveWait
    {
        private readonly CancellationTokenSource _timers = new();

        public LiveWait(WaitRequest request, OpenedWait opened, TaskOrchestrationContext context, DateTime now, bool lapses)
        {
            Request = request;
            Opened = opened;
            Lapses = lapses;
            Reminder = opened.ReminderAtUtc > now ? context.CreateTimer(opened.ReminderAtUtc, _timers.Token) : null;
            Deadline = context.CreateTimer(opened.ExpiresAtUtc, _timers.Token);
        }

        public WaitRequest Request { get; }

        public OpenedWait Opened { get; }

        public bool Lapses { get; }

        public Task? Reminder { get; set; }

        public Task? Deadline { get; set; }

        public bool Escalated { get; set; }

        public DecisionMade? Decision { get; set; }

        public void Cancel()
        {
            _timers.Cancel();
            _timers.Dispose();
        }
    }
}

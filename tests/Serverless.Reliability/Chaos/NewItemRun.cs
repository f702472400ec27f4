using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Domain.NewItems;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Reliability.Chaos;

/// <summary>
/// A dozen new-item applications (DOMAIN.md §2) driven through HTTP alongside the campaign, as people would: the price
/// office sets the catalogue and the hospitals' positions; each clerk posts an application with an Idempotency-Key
/// (twice: a double click); officials decide each open wait shown in the application's view, naming the wait, after a
/// seeded think time. The new-item, position and audit tables are shared by every task hub, so each run has its own
/// hospitals (<c>{hub}-H01</c>…) and so its own application ids; cases are compared across runs by their number.
/// </summary>
public static class NewItemRun
{
    private const string Technical = nameof(ReviewStepKind.TechnicalReview);
    private const string Price = nameof(ReviewStepKind.PriceReview);
    private const string Expert = nameof(ReviewStepKind.ExpertEvaluation);
    private const string Compatibility = nameof(ReviewStepKind.CompatibilityConfirmation);
    private const string Innovation = nameof(ReviewStepKind.InnovationConfirmation);
    private const string LimitHold = nameof(ReviewStepKind.MarketLimitHold);
    private const string Clerks = "hospital clerks";

    private static readonly Dictionary<string, string> OfficialOf = new(StringComparer.Ordinal)
    {
        [Roles.PriceOffice] = "li.price",
        [Roles.HealthCommission] = "wang.health",
        [Roles.ExpertPanel] = "chen.expert",
    };

    private static readonly Position Roomy = new(400, 8, 40_000_000m, 400_000m);

    /// <summary>10 of 100 items market-regulated: one more breaks the 10 % limit, so the approval is held for the price official.</summary>
    private static readonly Position AtTheLimit = new(100, 10, 10_000_000m, 100_000m);

    private static readonly IReadOnlyList<Case> Cases =
    [
        new(1, 1, "经皮冠状动脉支架植入术（药物球囊）", 300m, 200, "ChargedUnderExisting 330100001", [new(Compatibility, Decisions.Approve, "按现有项目收费", "330100001")]),
        new(2, 2, "无创肝纤维化弹性测定", 300m, 200, "Trial (Standard)",
            [new(Compatibility, Decisions.Reject, "现有项目不能覆盖"), new(Technical, Decisions.Approve, "技术可行"), new(Price, Decisions.Approve, "价格合理")], ExistingItem: "250999999"),
        new(3, 1, "动态脑电监测（视频）", 280m, 300, "Trial (Standard)", [new(Technical, Decisions.Approve, "技术可行"), new(Price, Decisions.Approve, "价格合理")]),
        new(4, 3, "中药熏蒸理疗（智能温控）", 150m, 800, "Rejected (Standard) at TechnicalReview", [new(Technical, Decisions.Reject, "临床证据不足")]),
        new(5, 2, "机器人辅助肾部分切除术", 1_200m, 10, "Trial (Standard)",
            [new(Technical, Decisions.Approve, "技术成熟"), new(Expert, Decisions.Approve, "经济性可接受"), new(Price, Decisions.Approve, "价格合理")]),
        new(6, 4, "全外显子组测序", 2_000m, 20, "Rejected (Standard) at ExpertEvaluation",
            [new(Technical, Decisions.Approve, "技术成熟"), new(Expert, Decisions.Reject, "经济性评价不足")]),
        new(7, 3, "质子重离子放射治疗", 5_000m, 100, "Trial (Green)",
            [new(Technical, Decisions.Approve, "技术成熟"), new(Price, Decisions.Approve, "价格合理")], RegionalCentre: true),
        new(8, 4, "肿瘤电场治疗", 800m, 50, "Trial (Green)",
            [new(Innovation, Decisions.Approve, "填补诊疗空白"), new(Price, Decisions.RequestExpert, "请专家评估"), new(Technical, Decisions.Approve, "技术成熟"),
             new(Expert, Decisions.Approve, "经济性可接受"), new(Price, Decisions.Approve, "价格合理")], Innovation: true),
        new(9, 1, "睡眠呼吸监测（居家）", 400m, 150, "Rejected (Standard) at PriceReview",
            [new(Innovation, Decisions.Reject, "不属于重大疾病创新"), new(Technical, Decisions.Approve, "技术可行"), new(Price, Decisions.Reject, "定价依据不足")], Innovation: true),
        new(10, 2, "经皮肾镜碎石取石术（可视化）", 600m, 100, "Trial (Standard)",
            [new(Technical, Decisions.Return, "请补充临床证据"), new(Technical, Decisions.Approve, "证据已补充"), new(Price, Decisions.Approve, "价格合理")]),
        new(11, 3, "儿童先天性心脏病介入封堵术", 900m, 30, "Trial (Green)",
            [new(Price, Decisions.Return, "请补充成本测算"), new(Technical, Decisions.Approve, "技术成熟"), new(Price, Decisions.Approve, "成本已补充")], RegionalCentre: true),
        new(12, 5, "脑深部电刺激程控", 400m, 100, "Trial (Green)",
            [new(Technical, Decisions.Approve, "技术成熟"), new(Price, Decisions.Approve, "价格合理"), new(LimitHold, Decisions.Approve, "区域医疗中心重点技术，予以放行")], RegionalCentre: true),
        new(13, 4, "床旁连续血液净化（枸橼酸抗凝）", 700m, 60, "Rejected (Standard) at PriceReview",
            [new(Technical, Decisions.Approve, "技术可行"), new(Price, Decisions.Return, "请说明成本构成"), new(Price, Decisions.Reject, "成本构成不合理")]),
    ];

    public static int CaseCount => Cases.Count;

    public static async Task<NewItemFigures> RunAsync(RetryingCaller caller, StorageClients storage, string hub, int seed)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(storage);
        var started = DateTimeOffset.UtcNow;
        var tokens = RunTokens.Tokens;
        var expires = DateTimeOffset.UtcNow.AddHours(4);
        var officials = OfficialOf.ToDictionary(o => o.Key, o => tokens.Issue(o.Value, o.Key, null, expires), StringComparer.Ordinal);
        var work = new Work(caller, officials, new ConcurrentBag<Taken>(), new ConcurrentBag<string>());
        var catalogue = WorkbookWriter.ToBytes([new SheetTable("项目目录", [new TableColumn("项目编码"), new TableColumn("项目名称"), new TableColumn("关键词")],
        [
            ["330100001", "经皮冠状动脉支架植入术", "冠脉、支架"],
            ["330100002", "冠状动脉造影术", "造影"],
        ])]);
        await caller.RetryAsAsync(officials[Roles.PriceOffice], async http =>
            (await http.PutAsync(new Uri("/api/new-items/catalogue", UriKind.Relative), new ByteArrayContent(catalogue))).EnsureSuccessStatusCode());
        var hospitals = Cases.Select(c => c.Hospital).Distinct().Order().ToList();
        await caller.RetryAsAsync(officials[Roles.PriceOffice], async http =>
            (await http.PutAsJsonAsync(new Uri("/api/new-items/positions", UriKind.Relative), hospitals.Select(h => StartingPosition(h).Form(HospitalCode(hub, h))).ToList())).EnsureSuccessStatusCode());

        var outcomes = await Task.WhenAll(Cases.Select(c => DriveAsync(work, c, HospitalCode(hub, c.Hospital), seed)));
        foreach (var (application, outcome) in Cases.Zip(outcomes).Where(p => p.First.Expected != p.Second))
        {
            work.Problems.Add($"case {application.Number}: {outcome}, where the decisions taken lead to {application.Expected}.");
        }

        var figures = await ReadTablesAsync(storage, hub, work, started);
        return figures with { Outcomes = Cases.Zip(outcomes).ToDictionary(p => p.First.Number, p => p.Second) };
    }

    /// <summary>
    /// A new-item application left running only because its trial runs (DOMAIN.md §2: two years): phase Trial, no open
    /// wait, no activity in flight, and the last thing it scheduled is its one unfired timer, due at the trial's evaluation.
    /// </summary>
    public static bool IsWaitingOnTrialTimer(OrchestrationMetadata instance, IReadOnlyList<LocalDurableEngine.HistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(history);
        if (instance.Name != NewItemOrchestration.Name || instance.ReadCustomStatusAs<NewItemProgress>() is not { Phase: "Trial", OpenWaits.Count: 0, Trial: { } trial })
        {
            return false;
        }

        var fired = history.Where(e => e.Type == EventType.TimerFired).Select(e => e.TimerId).ToHashSet();
        var answered = history.Where(e => e.Type is EventType.TaskCompleted or EventType.TaskFailed).Select(e => e.TaskScheduledId).ToHashSet();
        var evaluation = DateTime.SpecifyKind(trial.EvaluationAtUtc, DateTimeKind.Utc);

        // The SDK splits a long timer into legs of at most its maximum interval: the last leg ends at the evaluation.
        // Earlier timers that never fired are the review steps' deadlines and reminders, dropped when their decision
        // came (the engine keeps a dropped timer in the history; it fires into nothing).
        var last = history.LastOrDefault(e => e.Type is EventType.TaskScheduled or EventType.TimerCreated or EventType.SubOrchestrationInstanceCreated);
        return last is { Type: EventType.TimerCreated } && !fired.Contains(last.EventId) && last.FireAt <= evaluation
            && history.Where(e => e.Type == EventType.TaskScheduled).All(e => answered.Contains(e.EventId));
    }

    private static string HospitalCode(string hub, int hospital) => string.Create(CultureInfo.InvariantCulture, $"{hub}-H{hospital:D2}");

    private static Position StartingPosition(int hospital) => Cases.Any(c => c.Hospital == hospital && c.Script.Any(s => s.Kind == LimitHold)) ? AtTheLimit : Roomy;

    /// <summary>One application, from the clerk's post to its outcome (or its trial), deciding each open wait once.</summary>
    private static async Task<string> DriveAsync(Work work, Case application, string hospital, int seed)
    {
        var clerk = $"{hospital}.clerk";
        var clerkToken = RunTokens.Tokens.Issue(clerk, Roles.Hospital, hospital, DateTimeOffset.UtcNow.AddHours(4));
        var think = new Random((seed * 1_000) + application.Number);
        var form = application.Form(hospital);
        var ids = new List<string>();
        for (var click = 0; click < 2; click++)
        {
            var (status, body) = await work.Caller.RetryAsAsync(clerkToken, http => SendAsync(http, HttpMethod.Post, "/api/new-items", form, $"case-{application.Number}"));
            if (status is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
            {
                work.Problems.Add($"case {application.Number}: the clerk's post answered {(int)status}: {body}");
                return $"not submitted ({(int)status})";
            }

            ids.Add(JsonSerializer.Deserialize<NewItemEndpoints.SubmitResult>(body, Workflows.Json)!.ApplicationId);
        }

        var id = ids[0];
        if (ids.Distinct(StringComparer.Ordinal).Count() > 1)
        {
            work.Problems.Add($"case {application.Number}: the same Idempotency-Key gave two applications: {string.Join(", ", ids)}");
        }

        work.Actions.Add(new Taken(application.Number, id, "newitem.submit", clerk, null));
        var used = new HashSet<int>();
        var handled = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            var view = await ViewAsync(work.Caller, clerkToken, id);
            if (view is { RuntimeStatus: "Completed", Outcome: { } outcome })
            {
                return outcome.Outcome switch
                {
                    "ChargedUnderExisting" => $"{outcome.Outcome} {outcome.Detail}",
                    "Rejected" => $"Rejected ({outcome.Channel}) at {outcome.Detail?.Split(':')[0]}",
                    _ => $"{outcome.Outcome} ({outcome.Channel})",
                };
            }

            if (view.RuntimeStatus is "Failed" or "Terminated")
            {
                work.Problems.Add($"case {application.Number} ({id}) ended {view.RuntimeStatus}.");
                return view.RuntimeStatus;
            }

            if (view.Progress is { Phase: "Trial", OpenWaits.Count: 0 } trial)
            {
                return $"Trial ({trial.Channel})";
            }

            foreach (var wait in view.Progress?.OpenWaits.Where(w => handled.Add(w.WaitId)) ?? [])
            {
                await Task.Delay(think.Next(0, 1_200));
                if (wait.Step == Decisions.ResubmissionStep)
                {
                    var corrected = form with { Description = $"{form.Description}（已按意见补充材料）" };
                    await ActAsync(work, application.Number, id, clerkToken, clerk, Clerks, wait.WaitId, Decisions.Resubmit, "newitem.resubmit",
                        http => SendAsync(http, HttpMethod.Post, $"/api/new-items/{id}/resubmission", corrected, null));
                    continue;
                }

                var next = Enumerable.Range(0, application.Script.Count).FirstOrDefault(i => !used.Contains(i) && application.Script[i].Kind == wait.Step, -1);
                if (next < 0 || !work.Officials.TryGetValue(wait.Role, out var token))
                {
                    work.Problems.Add($"case {application.Number} ({id}): {wait.WaitId} opened for {wait.Role}, which the script does not decide.");
                    return $"unscripted {wait.Step}";
                }

                used.Add(next);
                var step = application.Script[next];
                var official = OfficialOf[wait.Role];
                await ActAsync(work, application.Number, id, token, official, official, wait.WaitId, step.Decision, "newitem.decision",
                    http => SendAsync(http, HttpMethod.Post, $"/api/new-items/{id}/decisions", new DecisionRequest(wait.Step, step.Decision, step.Comment, step.ItemCode, wait.WaitId), null));
            }

            if (DateTime.UtcNow > deadline)
            {
                work.Problems.Add($"case {application.Number} ({id}) is stuck in {view.Progress?.Phase ?? view.RuntimeStatus}.");
                return $"stuck in {view.Progress?.Phase}";
            }

            await Task.Delay(400);
        }
    }

    /// <summary>
    /// Sends one decision (or resubmission) until the app answers. A retry after a kill may find it already recorded
    /// (200) or, once the wait closed, a 409: both count as done when the recorded decision is this one by this person.
    /// </summary>
    private static async Task ActAsync(Work work, int number, string id, string token, string user, string tally, string waitId, string decision, string action,
        Func<HttpClient, Task<(HttpStatusCode, string)>> send)
    {
        var (status, body) = await work.Caller.RetryAsAsync(token, send);
        if (status == HttpStatusCode.Conflict)
        {
            var recorded = (await ViewAsync(work.Caller, token, id)).Timeline.FirstOrDefault(r => Text(r, "Kind") == NewItemStore.DecisionRow(waitId));
            status = recorded is not null && Text(recorded, "Decision") == decision && Text(recorded, "Official") == user ? HttpStatusCode.OK : status;
        }

        if (status is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
        {
            work.Problems.Add($"case {number} ({id}): {decision} of {waitId} by {user} answered {(int)status}: {body}");
            return;
        }

        work.Actions.Add(new Taken(number, id, action, user, waitId, tally, status == HttpStatusCode.OK));
    }

    /// <summary>A request whose answer is kept, retried (by throwing) only when the app or its storage failed.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, HttpMethod method, string path, object body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body, options: Workflows.Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (int)response.StatusCode >= 500 ? throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {text}") : (response.StatusCode, text);
    }

    private static async Task<NewItemEndpoints.ApplicationView> ViewAsync(RetryingCaller caller, string token, string id)
        => await caller.RetryAsAsync(token, async http => await http.GetFromJsonAsync<NewItemEndpoints.ApplicationView>(new Uri($"/api/new-items/{id}", UriKind.Relative), Workflows.Json)
            ?? throw new HttpRequestException($"No view of {id}."));

    private static string? Text(IReadOnlyDictionary<string, object?> row, string key)
        => row.TryGetValue(key, out var value) && value is JsonElement { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    /// <summary>The run's applications, decisions and positions as the tables hold them, and each action the harness took missing from the audit trail.</summary>
    private static async Task<NewItemFigures> ReadTablesAsync(StorageClients storage, string hub, Work work, DateTimeOffset started)
    {
        var rows = new List<TableEntity>();
        var items = storage.Tables.GetTableClient(StorageNames.NewItemsTable);
        await foreach (var row in items.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {$"ni-{hub}-H"} and PartitionKey lt {$"ni-{hub}-I"}")))
        {
            rows.Add(row);
        }

        var decisions = rows.Where(r => r.RowKey.StartsWith("decision-", StringComparison.Ordinal)).ToList();
        var recordedBy = decisions.GroupBy(d => d.GetString("Role") == Roles.Hospital ? Clerks : d.GetString("Official") ?? "?")
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var taken = work.Actions.Where(a => a.WaitId is not null).ToList();
        var madeBy = taken.GroupBy(a => a.Tally!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var positions = new Dictionary<int, string>();
        var positionTable = storage.Tables.GetTableClient(StorageNames.MarketPositionsTable);
        foreach (var hospital in Cases.Select(c => c.Hospital).Distinct().Order())
        {
            var row = (await positionTable.GetEntityAsync<TableEntity>("position", HospitalCode(hub, hospital))).Value;
            positions[hospital] = new Position(row.GetInt32("ChargeItems") ?? 0, row.GetInt32("MarketRegulatedItems") ?? 0,
                decimal.Parse(row.GetString("MedicalServiceRevenue") ?? "0", CultureInfo.InvariantCulture), decimal.Parse(row.GetString("MarketRegulatedRevenue") ?? "0", CultureInfo.InvariantCulture)).ToString();
            var expected = Cases.Where(c => c.Hospital == hospital && c.Expected.StartsWith("Trial", StringComparison.Ordinal))
                .Aggregate(StartingPosition(hospital), (p, c) => p.WithItem(c.Price * c.Volume)).ToString();
            if (positions[hospital] != expected)
            {
                work.Problems.Add($"hospital {HospitalCode(hub, hospital)}: position {positions[hospital]}, expected {expected} after its approved items.");
            }
        }

        // Every action the harness took is in the audit trail once, by whoever took it (decisions matched by wait id).
        var audit = storage.Tables.GetTableClient(StorageNames.AuditTable);
        var entries = new List<TableEntity>();
        foreach (var partition in work.Actions.Select(a => a.ApplicationId).Append("catalogue").Append("positions").Distinct(StringComparer.Ordinal))
        {
            await foreach (var entry in audit.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
            {
                entries.Add(entry);
            }
        }

        var missing = work.Actions.Where(a => !entries.Any(e => e.PartitionKey == a.ApplicationId && e.GetString("Action") == a.Name && e.GetString("User") == a.User
                && (a.WaitId is null || (e.GetString("Details") ?? "").StartsWith(a.WaitId, StringComparison.Ordinal))))
            .Select(a => $"case {a.Case} {a.Name} {a.WaitId} by {a.User} ({a.ApplicationId}{(a.Repeated ? ", the retry after a lost answer was told 'already recorded'" : "")})").ToList();
        foreach (var action in new[] { "newitem.catalogue", "newitem.positions" })
        {
            if (!entries.Any(e => e.GetString("Action") == action && e.GetString("User") == OfficialOf[Roles.PriceOffice] && e.GetDateTimeOffset("At") >= started))
            {
                missing.Add($"{action} by {OfficialOf[Roles.PriceOffice]}");
            }
        }

        return new NewItemFigures(new Dictionary<int, string>(), rows.Count(r => r.RowKey == NewItemStore.ApplicationRow), taken.Count, madeBy,
            decisions.Count, recordedBy, taken.Count(a => a.Repeated), positions, missing, [.. work.Problems]);
    }

    private sealed record Work(RetryingCaller Caller, IReadOnlyDictionary<string, string> Officials, ConcurrentBag<Taken> Actions, ConcurrentBag<string> Problems);

    /// <summary>Something the harness did that the audit trail must show; <paramref name="Tally"/> is the run-independent name decisions are counted under.</summary>
    private sealed record Taken(int Case, string ApplicationId, string Name, string User, string? WaitId, string? Tally = null, bool Repeated = false);

    private sealed record Step(string Kind, string Decision, string Comment, string? ItemCode = null);

    /// <summary>One seeded application: which hospital (by number) sends it, what it asks, the decisions officials take on it, and the outcome they lead to.</summary>
    private sealed record Case(int Number, int Hospital, string Name, decimal Price, long Volume, string Expected, IReadOnlyList<Step> Script,
        bool RegionalCentre = false, bool Innovation = false, string? ExistingItem = null)
    {
        public ApplicationForm Form(string hospital) => new(hospital, Name, $"{Name}：用于临床诊疗的新技术", Price, Volume, "治疗类", ExistingItem is not null,
            ["可行性报告.pdf", "成本测算表.xlsx"], ExistingItem, false, RegionalCentre, Innovation);
    }

    private sealed record Position(int ChargeItems, int MarketRegulatedItems, decimal Revenue, decimal MarketRegulatedRevenue)
    {
        public PositionForm Form(string hospital) => new(hospital, ChargeItems, MarketRegulatedItems, Revenue, MarketRegulatedRevenue);

        public Position WithItem(decimal expectedAnnualRevenue) => new(ChargeItems + 1, MarketRegulatedItems + 1, Revenue + expectedAnnualRevenue, MarketRegulatedRevenue + expectedAnnualRevenue);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{MarketRegulatedItems}/{ChargeItems} items, {MarketRegulatedRevenue:0.##}/{Revenue:0.##} yuan");
    }
}

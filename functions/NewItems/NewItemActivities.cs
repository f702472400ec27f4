using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.Calendar;
using Serverless.Domain.NewItems;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.NewItems;

/// <summary>The new-item workflow's activities: everything with I/O or configuration, called by <see cref="NewItemOrchestration"/>.</summary>
public sealed class NewItemActivities(NewItemStore store, StorageClients storage, WorkbookReader reader, WorkingDayCalendar calendar, ILogger<NewItemActivities> logger)
{
    public const string Prepare = "NewItems_Prepare";
    public const string OpenWait = "NewItems_OpenWait";
    public const string CloseWait = "NewItems_CloseWait";
    public const string Remind = "NewItems_Remind";
    public const string Escalate = "NewItems_Escalate";
    public const string CheckMarketLimits = "NewItems_CheckMarketLimits";
    public const string StartTrial = "NewItems_StartTrial";
    public const string Record = "NewItems_Record";

    /// <summary>The trial-end evaluation opens at office hours on the trial's last day (CST).</summary>
    public static readonly TimeOnly EvaluationTimeOfDay = new(9, 0);

    public void Register(DurableTaskRegistry registry, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddActivityFunc<NewItemStart, Preparation>(Prepare, (c, start) => PrepareAsync(start, stopping))
            .AddActivityFunc<WaitRequest, OpenedWait>(OpenWait, (c, request) => OpenWaitAsync(request, stopping))
            .AddActivityFunc<WaitClosure, bool>(CloseWait, (c, closure) => CloseWaitActivityAsync(closure, stopping))
            .AddActivityFunc<WaitNotice, bool>(Remind, (c, notice) => RemindAsync(notice, stopping))
            .AddActivityFunc<WaitNotice, bool>(Escalate, (c, notice) => EscalateAsync(notice, stopping))
            .AddActivityFunc<NewItemStart, LimitCheck>(CheckMarketLimits, (c, start) => CheckLimitsAsync(start, stopping))
            .AddActivityFunc<TrialWork, TrialView>(StartTrial, (c, work) => StartTrialAsync(work, stopping))
            .AddActivityFunc<Completion, bool>(Record, (c, completion) => RecordActivityAsync(completion, stopping));
    }

    public async Task<bool> CloseWaitActivityAsync(WaitClosure closure, CancellationToken cancellationToken)
    {
        await CloseWaitAsync(closure, cancellationToken);
        return true;
    }

    public async Task<bool> RecordActivityAsync(Completion completion, CancellationToken cancellationToken)
    {
        await RecordAsync(completion, cancellationToken);
        return true;
    }

    public async Task<Preparation> PrepareAsync(NewItemStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var (form, _) = await store.GetApplicationAsync(start.ApplicationId, cancellationToken)
            ?? throw new InvalidOperationException($"Application {start.ApplicationId} has no stored form.");
        var application = form.ToDomain(start.ApplicationId, null);
        var catalogue = await LoadCatalogueAsync(cancellationToken);
        var candidates = CompatibilityMatcher.Candidates(application, catalogue)
            .Select(c => new CandidateView(c.Item.Code.Value, c.Item.Name, c.Score)).ToList();

        // The hospital says an existing item covers it, but the catalogue has no such code: the official still decides.
        if (application.MapsToExistingItem == true && application.ClaimedExistingItem is { } claimed && candidates.All(c => c.ItemCode != claimed.Value))
        {
            candidates.Insert(0, new CandidateView(claimed.Value, "", CompatibilityMatcher.CodeScore));
        }

        await store.UpdateApplicationAsync(start.ApplicationId, new Dictionary<string, object?>
        {
            ["Candidates"] = System.Text.Json.JsonSerializer.Serialize(candidates, Workflows.Json),
            ["Status"] = "InReview",
        }, cancellationToken);
        return new Preparation(candidates, ChannelRules.NeedsExpertEvaluation(application, start.Parameters),
            application.NationalRegionalCentreKeyService, application.InnovationFlagged, application.MapsToExistingItem == true);
    }

    /// <summary>Deadline and reminder in working days from the CST date the wait opens (the opening day itself not counted).</summary>
    public async Task<OpenedWait> OpenWaitAsync(WaitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var startDate = ChinaTime.ToChinaDate(new DateTimeOffset(request.StartedUtc, TimeSpan.Zero));
        if (!calendar.IsCovered(startDate))
        {
            logger.LogWarning("The working-day calendar has no holiday list for {Year}; counting weekends only.", startDate.Year);
        }

        var deadline = calendar.Deadline(startDate, request.WorkingDays);
        var opened = new OpenedWait(request.WaitId, deadline.ReminderAtUtc.UtcDateTime, deadline.ExpiresAtUtc.UtcDateTime, deadline.DueDate);
        await store.OpenWaitAsync(request, opened, cancellationToken);
        return opened;
    }

    public async Task CloseWaitAsync(WaitClosure closure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(closure);

        // A callback's decision row already exists; a lapse is recorded here. Either way, once.
        await store.TryRecordDecisionAsync(closure.ApplicationId, closure.Decision, cancellationToken);
        var lapsed = closure.Decision.Decision == WaitBoard.LapsedDecision;
        await store.MarkWaitAsync(closure.ApplicationId, closure.WaitId, lapsed ? WaitStates.Lapsed : WaitStates.Decided, null, cancellationToken);
    }

    public Task<bool> RemindAsync(WaitNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return store.NotifyAsync(notice,
            $"提醒：申请 {notice.ApplicationId} 的 {notice.WaitId} 已过半程，请于 {notice.DueDate:yyyy-MM-dd} 前办理",
            $"Reminder: {notice.WaitId} of application {notice.ApplicationId} is half-way; due {notice.DueDate:yyyy-MM-dd}", cancellationToken);
    }

    public async Task<bool> EscalateAsync(WaitNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        await store.MarkWaitAsync(notice.ApplicationId, notice.WaitId, WaitStates.Open, escalated: true, cancellationToken);
        return await store.NotifyAsync(notice,
            $"督办：申请 {notice.ApplicationId} 的 {notice.WaitId} 已于 {notice.DueDate:yyyy-MM-dd} 逾期，请处长督办或直接决定",
            $"Escalation: {notice.WaitId} of application {notice.ApplicationId} passed its deadline {notice.DueDate:yyyy-MM-dd}; the office head may decide it", cancellationToken);
    }

    /// <summary>The hospital's position with this item added must stay within both 10 % limits; no position on record holds it too.</summary>
    public async Task<LimitCheck> CheckLimitsAsync(NewItemStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var (form, _) = (await store.GetApplicationAsync(start.ApplicationId, cancellationToken))!.Value;
        var position = await store.GetPositionAsync(start.Hospital, cancellationToken);
        if (position is null)
        {
            return new LimitCheck(false, 0m, 0m, $"No market-regulated position on record for hospital {start.Hospital}.");
        }

        var after = position.WithApprovedItem(ChannelRules.ExpectedAnnualRevenue(form.ToDomain(start.ApplicationId, null)));
        var parameters = start.Parameters;
        var reason = after.ExceedsItemLimit(parameters)
            ? $"Market-regulated items would be {after.ItemShare:P2} of charge items (limit {parameters.MarketRegulatedItemShareLimit:P0})."
            : after.ExceedsRevenueLimit(parameters)
                ? $"Market-regulated revenue would be {after.RevenueShare:P2} of medical-service revenue (limit {parameters.MarketRegulatedRevenueShareLimit:P0})."
                : null;
        await store.UpdateApplicationAsync(start.ApplicationId, new Dictionary<string, object?> { ["LimitCheck"] = reason ?? "within limits" }, cancellationToken);
        return new LimitCheck(reason is null, decimal.Round(after.ItemShare, 6), decimal.Round(after.RevenueShare, 6), reason);
    }

    /// <summary>
    /// The trial from the approval date (and its single extension): recomputed from the approval date each time, so
    /// a retried activity gives the same dates. The first start also counts the item in the hospital's position.
    /// </summary>
    public async Task<TrialView> StartTrialAsync(TrialWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (form, _) = (await store.GetApplicationAsync(work.ApplicationId, cancellationToken))!.Value;
        var parameters = work.Parameters;
        var hospital = new HospitalCode(form.HospitalCode ?? "");
        var trial = TrialPeriod.Begin(work.ApplicationId, hospital, form.ProposedName ?? "", work.ApprovalDate, parameters);
        if (work.Extend)
        {
            trial = trial.Apply(TrialOutcome.ExtendOnce, parameters)!;
        }

        await store.CountApprovedItemAsync(hospital, work.ApplicationId, ChannelRules.ExpectedAnnualRevenue(form.ToDomain(work.ApplicationId, null)), cancellationToken);

        await store.UpdateApplicationAsync(work.ApplicationId, new Dictionary<string, object?>
        {
            ["Status"] = "Trial",
            ["TrialStart"] = trial.StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["TrialEnd"] = trial.EndDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["TrialExtended"] = trial.Extended,
        }, cancellationToken);
        return new TrialView(trial.StartDate, trial.EndDate, trial.Extended, ChinaTime.ToUtc(trial.EndDate, EvaluationTimeOfDay).UtcDateTime);
    }

    public Task RecordAsync(Completion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var values = completion.Outcome == "Channel"
            ? new Dictionary<string, object?> { ["Channel"] = completion.Detail }
            : new Dictionary<string, object?> { ["Status"] = completion.Outcome, ["Outcome"] = completion.Outcome, ["OutcomeDetail"] = completion.Detail };
        return store.UpdateApplicationAsync(completion.ApplicationId, values, cancellationToken);
    }

    private async Task<IReadOnlyList<CatalogueItem>> LoadCatalogueAsync(CancellationToken cancellationToken)
    {
        var blob = storage.Blobs.GetBlobContainerClient(StorageNames.WorkContainer).GetBlobClient(NewItemStore.CatalogueBlob);
        if (!(await blob.ExistsAsync(cancellationToken)).Value)
        {
            return [];
        }

        var content = await blob.DownloadContentAsync(cancellationToken);
        using var stream = content.Value.Content.ToStream();
        var read = reader.ReadSheet(stream, "catalogue.xlsx", NewItemSheets.Catalogue);
        return read.Sheet is null ? [] : NewItemSheets.ReadCatalogue(read.Sheet).Items;
    }
}

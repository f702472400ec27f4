using Serverless.Domain.Bidding;
using Serverless.Domain.Calendar;
using Serverless.Domain.Monitoring;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Monitoring;

/// <summary>Monitoring's activities: starting it when a campaign completes, taking an upload, sending reminders and escalations.</summary>
public sealed class MonitoringActivities(
    MonitoringStore store,
    CampaignStore files,
    CampaignActivities campaigns,
    ScopeCache scopes,
    WorkbookReader reader,
    NotificationOutbox outbox,
    MonitoringParameters parameters,
    IServiceProvider services)
{
    public const string Start = "Monitoring_Start";
    public const string TakeUpload = "Monitoring_TakeUpload";
    public const string SendNotices = "Monitoring_SendNotices";

    /// <summary>Bounds of a compressed calendar's day (demos and tests): 10 ms to a real day.</summary>
    public const int MinDayMilliseconds = 10;
    public const int MaxDayMilliseconds = 86_400_000;

    public void Register(DurableTaskRegistry registry, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddActivityFunc<MonitoringRequest, string>(Start, (c, request) => StartAsync(request, stopping))
            .AddActivityFunc<UploadWork, UploadTaken>(TakeUpload, (c, work) => TakeUploadAsync(work, stopping))
            .AddActivityFunc<NoticeWork, int>(SendNotices, (c, work) => SendNoticesAsync(work, stopping));
    }

    /// <summary>
    /// Plans the campaign's monitoring (DOMAIN.md §6: effective the first of the next month, four full quarters, due 15
    /// days after each) and starts its orchestration once. A compressed calendar maps each day after the effective date
    /// to <see cref="MonitoringRequest.DayMilliseconds"/> from the completion; otherwise dates are China time.
    /// </summary>
    public async Task<string> StartAsync(MonitoringRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var catalog = await scopes.CatalogAsync(request.CampaignId, cancellationToken);
        var schedule = MonitoringSchedule.For(MonitoringSchedule.DefaultEffectiveDate(ChinaTime.ToChinaDate(request.CompletedUtc)), parameters);
        DateTimeOffset At(DateOnly day, TimeOnly time) => request.DayMilliseconds is { } ms and >= MinDayMilliseconds and <= MaxDayMilliseconds
            ? request.CompletedUtc.AddMilliseconds((day.DayNumber - schedule.EffectiveDate.DayNumber) * (double)ms)
            : ChinaTime.ToUtc(day, time);
        var midnight = TimeOnly.MinValue;
        var start = new MonitoringStart(
            request.CampaignId,
            schedule.EffectiveDate,
            schedule.BaselineYear,
            [.. catalog.Budget.Leagues.Select(l => l.League.Value)],
            [.. schedule.Quarters.Select(q => new QuarterPlan(q.Quarter.ToString(), schedule.BaselineOf(q.Quarter).ToString(), q.DueDate,
                At(q.ReminderDate, parameters.NoticeTime), At(q.EscalationDate, parameters.NoticeTime), At(q.DueDate.AddDays(1), midnight)))],
            At(schedule.CloseDate, midnight));
        await store.SavePlanAsync(start, cancellationToken);
        try
        {
            await services.GetRequiredService<DurableTaskClient>().StartNewAsync(MonitoringOrchestration.Name, start, start.InstanceId, cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Started by an earlier run of this activity.
        }

        return start.InstanceId;
    }

    /// <summary>
    /// Reads, validates and assesses one upload: the validation report goes beside it; a workbook refused whole changes
    /// nothing (an earlier accepted one stands). A monitored quarter is set against the campaign's prediction with its
    /// baseline quarter's hospitals; a baseline quarter re-assesses the quarter that depends on it. The league's and the
    /// regional report of the quarter are rewritten.
    /// </summary>
    public async Task<UploadTaken> TakeUploadAsync(UploadWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (campaignId, upload) = work;
        var plan = await store.PlanAsync(campaignId, cancellationToken) ?? throw new InvalidOperationException($"Campaign {campaignId} has no monitoring plan.");
        var (catalog, outcome) = await campaigns.LeagueOutcomeAsync(campaignId, upload.League, cancellationToken);
        var fileName = $"{upload.League}-{upload.Quarter}.xlsx";
        var workbook = await ReadAsync(catalog, new LeagueCode(upload.League), upload.ArchiveBlob, fileName, cancellationToken);
        // Named by the archived version: a re-upload keeps the blob's creation time, and must not overwrite the earlier report.
        var reportBlob = $"monitoring/{upload.League}/{upload.Quarter}/validation-{Path.GetFileNameWithoutExtension(upload.ArchiveBlob)}.xlsx";
        await files.UploadAsync(StorageNames.ReportsContainer, reportBlob, BiddingWorkbooks.ErrorReport(workbook.Issues), cancellationToken);
        if (workbook.IsRejected)
        {
            return new UploadTaken(upload.League, upload.Quarter, false, false, null, workbook.RejectedRowCount, reportBlob);
        }

        var monitored = plan.Quarters.FirstOrDefault(q => q.Quarter == upload.Quarter);
        var late = monitored is not null && upload.UploadedAt > monitored.LateAfterUtc;
        var row = new QuarterRow(upload.League, upload.Quarter, monitored is not null, upload.UploadedAt, late, workbook.RejectedRowCount, reportBlob,
            null, null, null, 0, 0, MonitoringStore.DataBlob(campaignId, upload.Quarter, upload.League), null);
        if (monitored is not null)
        {
            var baseline = await store.RecordAsync(campaignId, monitored.BaselineQuarter, upload.League, cancellationToken);
            await SaveAssessedAsync(campaignId, plan, catalog, outcome, row, workbook, baseline?.Workbook.Operations, cancellationToken);
        }
        else
        {
            await store.SaveAsync(campaignId, row, new QuarterRecord(workbook, null), cancellationToken);
        }

        foreach (var dependent in plan.Quarters.Where(q => q.BaselineQuarter == upload.Quarter))
        {
            var existing = (await store.RowsAsync(campaignId, cancellationToken)).FirstOrDefault(r => r.Quarter == dependent.Quarter && r.League == upload.League);
            if (existing is not null && await store.RecordAsync(campaignId, dependent.Quarter, upload.League, cancellationToken) is { } record)
            {
                await SaveAssessedAsync(campaignId, plan, catalog, outcome, existing, record.Workbook, workbook.Operations, cancellationToken);
            }
        }

        var fit = monitored is null ? null : (await store.RecordAsync(campaignId, upload.Quarter, upload.League, cancellationToken))?.Report?.Fit;
        return new UploadTaken(upload.League, upload.Quarter, true, late, fit, workbook.RejectedRowCount, reportBlob);
    }

    /// <summary>One notice per missing league and quarter, keyed so a re-run adds none: the bureau is reminded, the price office alerted.</summary>
    public async Task<int> SendNoticesAsync(NoticeWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var sent = 0;
        var due = work.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var league in work.MissingLeagues)
        {
            var (recipient, zh, en) = work.Kind == MonitoringNoticeKind.Reminder
                ? (LeagueBureau(league), $"请于 {due}（北京时间）前上报 {work.Quarter} 价格监测数据（monitoring/{league}/{work.Quarter}.xlsx）",
                    $"Please upload the {work.Quarter} monitoring workbook (monitoring/{league}/{work.Quarter}.xlsx) by {due} (China time)")
                : (Roles.PriceOffice, $"盟市 {league} 逾期未上报 {work.Quarter} 价格监测数据（应于 {due} 前上报）",
                    $"League/city {league} has not uploaded its {work.Quarter} monitoring workbook (due {due})");
            var details = new Dictionary<string, object?> { ["CampaignId"] = work.CampaignId, ["League"] = league, ["Quarter"] = work.Quarter };
            if (await outbox.AddOnceAsync(MonitoringOrchestration.InstanceIdOf(work.CampaignId), $"{work.Kind}-{work.Quarter}-{league}", $"monitoring-{work.Kind.ToString().ToLowerInvariant()}",
                recipient, zh, en, details, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>The recipient of a league's reminders: its medical-insurance bureau (盟市医保局), which has no sign-in role of its own.</summary>
    public static string LeagueBureau(string league) => $"league-bureau:{league}";

    private async Task<MonitoringWorkbook> ReadAsync(CampaignCatalog catalog, LeagueCode league, string archiveBlob, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await files.DownloadAsync(StorageNames.ArchiveContainer, archiveBlob, cancellationToken)
            ?? throw new InvalidOperationException($"The archived upload {archiveBlob} is missing.");
        try
        {
            var sheets = reader.ReadSheets(new MemoryStream(bytes), fileName, MonitoringSheets.Sheets);
            return MonitoringSheets.Read(catalog, league, sheets[0].Sheet, sheets[1].Sheet, sheets.SelectMany(s => s.Issues));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A workbook the reader did not foresee is refused whole with its reason; monitoring goes on.
            return new MonitoringWorkbook([], [], [new SheetIssue(fileName, null, null, null, null, "unreadable",
                $"无法读取该文件：{error.GetType().Name}", $"The file could not be read: {error.GetType().Name}: {error.Message}")], true);
        }
    }

    private async Task SaveAssessedAsync(string campaignId, MonitoringStart plan, CampaignCatalog catalog, LeagueResult outcome, QuarterRow row,
        MonitoringWorkbook workbook, IReadOnlyList<HospitalOperation>? baseline, CancellationToken cancellationToken)
    {
        MonitoringQuarter.TryParse(row.Quarter, out var quarter);
        var report = QuarterAssessment.Assess(catalog, outcome, quarter, workbook, baseline, parameters);
        var leagueReport = MonitoringStore.LeagueReportBlob(campaignId, row.Quarter, row.League);
        await files.UploadAsync(StorageNames.ResultsContainer, leagueReport, MonitoringWorkbooks.LeagueReport(report, campaignId), cancellationToken);
        await store.SaveAsync(campaignId, row with
        {
            TotalPredicted = report.TotalPredicted.RoundToFen().Value,
            TotalActual = report.TotalActual.RoundToFen().Value,
            Fit = report.Fit,
            Deviating = report.DeviatingCount,
            Conflicts = report.ConflictCount,
            ReportBlob = leagueReport,
        }, new QuarterRecord(workbook, report), cancellationToken);

        var reports = new List<LeagueQuarterReport>();
        foreach (var other in (await store.RowsAsync(campaignId, cancellationToken)).Where(r => r.Quarter == row.Quarter && r.Monitored))
        {
            if ((await store.RecordAsync(campaignId, other.Quarter, other.League, cancellationToken))?.Report is { } r)
            {
                reports.Add(r);
            }
        }

        var leagues = plan.Leagues.Select(l => (l, catalog.Leagues.TryGetValue(new LeagueCode(l), out var found) ? found.Name : l)).ToList();
        await files.UploadAsync(StorageNames.ResultsContainer, MonitoringStore.RegionalReportBlob(campaignId, row.Quarter),
            MonitoringWorkbooks.RegionalReport(quarter, campaignId, leagues, reports), cancellationToken);
    }
}

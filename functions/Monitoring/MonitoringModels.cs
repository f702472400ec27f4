namespace Serverless.Functions.Monitoring;

/// <summary>Asks for a completed campaign's monitoring; <see cref="DayMilliseconds"/> compresses its calendar for demos and tests.</summary>
public sealed record MonitoringRequest(string CampaignId, DateTimeOffset CompletedUtc, int? DayMilliseconds);

/// <summary>A monitored quarter as timers see it: its baseline quarter, when to remind and escalate, and when an upload turns late.</summary>
public sealed record QuarterPlan(string Quarter, string BaselineQuarter, DateOnly DueDate, DateTimeOffset ReminderUtc, DateTimeOffset EscalationUtc, DateTimeOffset LateAfterUtc);

/// <summary>The monitoring orchestration's input: which leagues/cities report which quarters, and when it closes.</summary>
public sealed record MonitoringStart(string CampaignId, DateOnly EffectiveDate, int BaselineYear, IReadOnlyList<string> Leagues, IReadOnlyList<QuarterPlan> Quarters, DateTimeOffset CloseUtc)
{
    public string InstanceId => MonitoringOrchestration.InstanceIdOf(CampaignId);
}

/// <summary>A league's quarterly workbook was archived: the event the upload function raises.</summary>
public sealed record MonitoringUploaded(string League, string Quarter, string ArchiveBlob, DateTimeOffset UploadedAt);

/// <summary>One upload for the activity to read, validate and assess.</summary>
public sealed record UploadWork(string CampaignId, MonitoringUploaded Upload);

/// <summary>What the activity made of an upload: refused whole or taken (late or not), and the league-quarter's fit.</summary>
public sealed record UploadTaken(string League, string Quarter, bool Accepted, bool Late, decimal? Fit, int RejectedRows, string ReportBlob);

/// <summary>Reminders (to the leagues' bureaus) or an escalation (to the price office) for the leagues still missing a quarter.</summary>
public sealed record NoticeWork(string CampaignId, string Quarter, MonitoringNoticeKind Kind, DateOnly DueDate, IReadOnlyList<string> MissingLeagues);

public enum MonitoringNoticeKind
{
    Reminder,
    Escalation,
}

/// <summary>Custom status: which leagues have sent each quarter, and whether monitoring still takes uploads.</summary>
public sealed record MonitoringProgress(string Phase, IReadOnlyList<QuarterProgress> Quarters);

public sealed record QuarterProgress(string Quarter, IReadOnlyList<string> Received, IReadOnlyList<string> Missing);

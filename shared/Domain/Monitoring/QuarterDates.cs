namespace Serverless.Domain.Monitoring;

/// <summary>
/// A monitored quarter's dates in China time (DOMAIN.md §6): the upload is due on <see cref="DueDate"/> (on time until
/// that day ends), the bureau is reminded on <see cref="ReminderDate"/>, the price office alerted on <see cref="EscalationDate"/>.
/// </summary>
public sealed record QuarterDates(MonitoringQuarter Quarter, DateOnly DueDate, DateOnly ReminderDate, DateOnly EscalationDate)
{
    /// <summary>An upload received on this China date is late.</summary>
    public bool IsLate(DateOnly receivedChinaDate) => receivedChinaDate > DueDate;
}

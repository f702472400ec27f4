using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.NewItems;

namespace Serverless.Functions.NewItems;

/// <summary>An application as a hospital posts it (JSON) or as one workbook row is read.</summary>
public sealed record ApplicationForm(
    string? HospitalCode,
    string? ProposedName,
    string? Description,
    decimal? ExpectedPrice,
    long? ExpectedAnnualVolume,
    string? Category,
    bool? MapsToExistingItem,
    IReadOnlyList<string>? Attachments,
    string? ExistingItemCode = null,
    bool HighResourceUse = false,
    bool NationalRegionalCentreKeyService = false,
    bool InnovationFlagged = false,
    string? HospitalName = null)
{
    public NewItemApplication ToDomain(string sourceFile, int? row) => new(
        sourceFile, row,
        HospitalCode is { Length: > 0 } h ? new HospitalCode(h.Trim()) : null,
        ProposedName?.Trim(), Description?.Trim(),
        ExpectedPrice is { } p ? new Yuan(p) : null,
        ExpectedAnnualVolume, Category?.Trim(), MapsToExistingItem, Attachments,
        ExistingItemCode is { Length: > 0 } c ? new ItemCode(c.Trim()) : null,
        HighResourceUse, NationalRegionalCentreKeyService, InnovationFlagged);

    public static ApplicationForm FromDomain(NewItemApplication a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Hospital?.Value, a.ProposedName, a.Description, a.ExpectedPrice?.Value, a.ExpectedAnnualVolume, a.Category,
            a.MapsToExistingItem, a.Attachments, a.ClaimedExistingItem?.Value, a.HighResourceUse, a.NationalRegionalCentreKeyService, a.InnovationFlagged);
    }
}

/// <summary>The orchestration's input: the application id and the parameters in force when it was submitted.</summary>
public sealed record NewItemStart(string ApplicationId, string Hospital, NewItemParameters Parameters);

/// <summary>What the workflow learns before the reviews: compatibility candidates and what the channel depends on.</summary>
public sealed record Preparation(IReadOnlyList<CandidateView> Candidates, bool NeedsExpertEvaluation, bool RegionalCentreKeyService, bool InnovationFlagged, bool MapsToExistingItem);

public sealed record CandidateView(string ItemCode, string ItemName, int Score);

/// <summary>
/// One step of an application's path as a reviewer reads it, in order: done, current (a wait open now), upcoming or
/// skipped (the application ended before it). Steps of one stage run in parallel; a current step carries its deadline.
/// </summary>
public sealed record StepView(int Stage, string Step, string State, string? Role, string? Decision, DateOnly? DueDate, DateTimeOffset? ExpiresAt,
    int? WorkingDaysLeft, bool Overdue, bool DueSoon);

/// <summary>A wait of an application as the step diagram needs it: which step, its state, deadline and the decision taken.</summary>
public sealed record WaitSnapshot(string WaitId, string Step, string Role, string State, DateOnly? DueDate, DateTimeOffset? ExpiresAt, string? Decision);

/// <summary>A decision the signed-in official took (the done list), with the application it belongs to and where that stands now.</summary>
public sealed record DoneItem(string ApplicationId, string WaitId, string Step, string Decision, string Role, string? Comment, string? ItemCode, DateTimeOffset At,
    string? ProposedName, string? Hospital, string? HospitalName, string? Status);

/// <summary>One human wait: what is decided, by which role, the decisions allowed, within how many working days.</summary>
public sealed record WaitRequest(string ApplicationId, string WaitId, string Step, string Role, int WorkingDays, IReadOnlyList<string> Allowed, DateTime StartedUtc);

/// <summary>An opened wait's half-time reminder and the moment its deadline passes (UTC), from the working-day calendar.</summary>
public sealed record OpenedWait(string WaitId, DateTime ReminderAtUtc, DateTime ExpiresAtUtc, DateOnly DueDate);

/// <summary>The decision event: which wait, the decision, who took it in which role, why, and any item or outcome detail.</summary>
public sealed record DecisionMade(string WaitId, string Step, string Decision, string Official, string Role, string? Comment, string? ItemCode, DateTimeOffset At);

public sealed record WaitClosure(string ApplicationId, string WaitId, DecisionMade Decision);

public sealed record WaitNotice(string ApplicationId, string WaitId, string Kind, string Role, DateOnly DueDate);

public sealed record LimitCheck(bool Within, decimal ItemShare, decimal RevenueShare, string? Reason);

public sealed record TrialWork(string ApplicationId, DateOnly ApprovalDate, bool Extend, NewItemParameters Parameters);

public sealed record TrialView(DateOnly StartDate, DateOnly EndDate, bool Extended, DateTime EvaluationAtUtc);

public sealed record Completion(string ApplicationId, string Outcome, string? Detail);

/// <summary>The application's outcome: ChargedUnderExisting, Rejected, Lapsed, GeneralCatalogue, ComplexCatalogue, Ended.</summary>
public sealed record NewItemOutcome(string ApplicationId, string Outcome, string? Detail, string Channel);

/// <summary>Custom status: the phase and the waits open now.</summary>
public sealed record NewItemProgress(string Phase, string? Channel, IReadOnlyList<OpenWaitView> OpenWaits, TrialView? Trial);

public sealed record OpenWaitView(string WaitId, string Step, string Role, DateOnly DueDate, bool Escalated, IReadOnlyList<string> Allowed);

/// <summary>The body of POST /api/new-items/{id}/decisions.</summary>
public sealed record DecisionRequest(string Step, string Decision, string? Comment, string? ItemCode = null, string? WaitId = null);

/// <summary>The body of PUT /api/new-items/positions: a hospital's charge items and revenue, and their market-regulated part.</summary>
public sealed record PositionForm(string Hospital, int ChargeItems, int MarketRegulatedItems, decimal MedicalServiceRevenue, decimal MarketRegulatedRevenue);

/// <summary>The decisions and steps the API and the workflow speak of, as strings.</summary>
public static class Decisions
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Return = "return";
    public const string RequestExpert = "request-expert";
    public const string Resubmit = "resubmit";
    public const string GeneralCatalogue = "general-catalogue";
    public const string ComplexCatalogue = "complex-catalogue";
    public const string Extend = "extend";
    public const string End = "end";

    /// <summary>The hospital's resubmission after a return: not a review step, so not in <see cref="ReviewStepKind"/>.</summary>
    public const string ResubmissionStep = "Resubmission";

    /// <summary>Decisions that must carry a reason.</summary>
    public static bool NeedsReason(string decision) => decision is Reject or Return or End;
}

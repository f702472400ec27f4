namespace Serverless.Domain.NewItems;

/// <summary>One wait in a review plan: what is decided, by whom, within how many working days.</summary>
public sealed record ReviewStep(ReviewStepKind Kind, OfficialRole DecidedBy, int WorkingDays);

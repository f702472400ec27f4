namespace Serverless.Domain.NewItems;

/// <summary>The official decisions an application can wait for.</summary>
public enum ReviewStepKind
{
    CompatibilityConfirmation,
    InnovationConfirmation,
    TechnicalReview,
    ExpertEvaluation,
    PriceReview,
    MarketLimitHold,
    TrialEvaluation,
}

namespace Serverless.Domain.NewItems;

/// <summary>The comprehensive evaluation's outcomes at trial end (DOMAIN.md §2).</summary>
public enum TrialOutcome
{
    MoveToGeneralCatalogue,
    MoveToComplexCatalogue,
    ExtendOnce,
    End,
}

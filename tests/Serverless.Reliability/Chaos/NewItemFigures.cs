namespace Serverless.Reliability.Chaos;

/// <summary>
/// What one run's new-item applications came to, keyed so runs compare: each case's outcome by its case number,
/// the applications and decisions the tables hold against what the harness did, each hospital's market-regulated
/// position by hospital number, and what the audit trail or the API got wrong.
/// </summary>
public sealed record NewItemFigures(
    IReadOnlyDictionary<int, string> Outcomes,
    int ApplicationsCreated,
    int DecisionsMade,
    IReadOnlyDictionary<string, int> DecisionsByOfficial,
    int DecisionsRecorded,
    IReadOnlyDictionary<string, int> RecordedByOfficial,
    int RepeatedCalls,
    IReadOnlyDictionary<int, string> Positions,
    IReadOnlyList<string> MissingAudit,
    IReadOnlyList<string> Problems);

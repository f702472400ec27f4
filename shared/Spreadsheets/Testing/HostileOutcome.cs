namespace Serverless.Spreadsheets.Testing;

/// <summary>What a sound pipeline makes of a case.</summary>
public enum HostileOutcome
{
    /// <summary>Every row is good: nothing is refused.</summary>
    Accepted,

    /// <summary>The file is read; some rows are refused, each named by row and column.</summary>
    RowIssues,

    /// <summary>The whole file is refused with a reason.</summary>
    Refused,

    /// <summary>Either way is sound, as long as the outcome is reported clearly (a flipped byte may or may not matter).</summary>
    Any,
}

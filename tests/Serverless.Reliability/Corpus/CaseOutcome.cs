namespace Serverless.Reliability.Corpus;

/// <summary>What the app made of a case, as storage shows it.</summary>
internal enum CaseOutcome
{
    /// <summary>Handled with no error: a bid report without errors, or an application with nothing to report.</summary>
    Accepted,

    /// <summary>Read, with some rows refused in the report.</summary>
    RowIssues,

    /// <summary>Refused whole, with the reason in the report.</summary>
    Refused,

    /// <summary>The trigger gave up after its retries.</summary>
    Poison,

    /// <summary>No answer: never handled, or handled without the report it needs.</summary>
    Unanswered,

    /// <summary>Blob storage itself refused the upload (a name it does not allow), so the app never saw it.</summary>
    NotStored,
}

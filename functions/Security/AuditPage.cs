namespace Serverless.Functions.Security;

/// <summary>
/// One page of an audit search and the token for the next (null on the last page). A page may hold fewer entries than
/// asked, even none, and still have a next one: each page reads a bounded stretch of the trail.
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? Continuation);

namespace Serverless.Functions.Security;

/// <summary>One entry of the audit trail as a search returns it: the instance, who (user id and roles), what, when (UTC) and the details.</summary>
public sealed record AuditEntry(string Instance, string User, IReadOnlyList<string> Roles, string Action, DateTimeOffset At, string? Details);

namespace Serverless.Functions.Security;

/// <summary>What a development token says: who, in which role, for which hospital (hospital users) or region (finance offices), until when (Unix seconds).</summary>
public sealed record TokenClaims(string User, string Role, string? Hospital, long ExpiresUnix, string? Region = null);

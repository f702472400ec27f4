using System.Security.Claims;
using System.Text.RegularExpressions;

namespace Serverless.Functions.Security;

/// <summary>The hospital a signed-in clerk acts for, taken only from the sign-in, never from the request.</summary>
public static partial class SignedInHospital
{
    /// <summary>
    /// The clerk's hospital code when the user is in the hospital role and the code is one path segment the upload
    /// triggers recognise; otherwise null (a code with <c>/</c> or <c>..</c> must never reach a blob name).
    /// </summary>
    public static string? CodeOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Roles.Hospital) && user.FindFirst(Roles.HospitalClaim)?.Value is { } code && IsWellFormed(code) ? code : null;
    }

    /// <summary>Whether the user may see what belongs to <paramref name="hospital"/>: any official, or that hospital's own clerk.</summary>
    public static bool MayActFor(ClaimsPrincipal user, string hospital)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Roles.Officials.Any(user.IsInRole) || CodeOf(user) == hospital;
    }

    /// <summary>Whether <paramref name="code"/> is a hospital code: one path segment of letters, digits, <c>_</c> and <c>-</c>, at most 32.</summary>
    public static bool IsWellFormed(string code) => HospitalCode().IsMatch(code);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}\z")]
    private static partial Regex HospitalCode();
}

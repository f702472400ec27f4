using System.Security.Claims;

namespace Serverless.Functions.Security;

/// <summary>
/// The co-ordination region (统筹区) a finance office acts for, taken only from the sign-in (DOMAIN.md §3: "its finance
/// office confirms the transfer"). A finance-office sign-in without a region is the autonomous region's finance
/// department, which may confirm for every region, as every finance-office sign-in could before regions were signed in.
/// </summary>
public static class SignedInRegion
{
    /// <summary>The finance office's region code, or null when the user is not a finance office or carries none.</summary>
    public static string? CodeOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Roles.FinanceOffice) && user.FindFirst(Roles.RegionClaim)?.Value is { } code && IsWellFormed(code) ? code : null;
    }

    /// <summary>Whether the user may confirm <paramref name="region"/>'s transfer: a finance office of that region, or one signed in for none.</summary>
    public static bool MayConfirm(ClaimsPrincipal user, string region)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Roles.FinanceOffice) && (user.FindFirst(Roles.RegionClaim) is null || CodeOf(user) == region);
    }

    /// <summary>A region code has the shape of a hospital code: one path segment of letters, digits, <c>_</c> and <c>-</c>, at most 32.</summary>
    public static bool IsWellFormed(string code) => SignedInHospital.IsWellFormed(code);
}

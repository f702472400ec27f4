namespace Serverless.Functions.Bidding;

/// <summary>A round's one extension: how long, and why (the reason goes into the audit trail; older clients send none).</summary>
public sealed record ExtendRequest(long Seconds, string? Reason = null)
{
    /// <summary>The longest reason kept; a longer one is refused.</summary>
    public const int MaxReasonLength = 500;
}

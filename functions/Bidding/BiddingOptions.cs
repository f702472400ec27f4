namespace Serverless.Functions.Bidding;

/// <summary>
/// The bidding campaigns' settings (section <c>Bidding</c>). A blob trigger may deliver an upload some time after
/// storage wrote it (the polling blob trigger takes up to minutes on a busy or cold app), so a round keeps taking the
/// workbooks uploaded by its deadline for <see cref="DeliveryGraceSeconds"/> after it: a hospital that uploaded on time
/// is never refused for the trigger's delay. A workbook uploaded after the deadline is refused as late whenever it arrives.
/// </summary>
public sealed class BiddingOptions
{
    public const string Section = "Bidding";

    /// <summary>The configuration key of <see cref="DeliveryGraceSeconds"/> (<c>Bidding__DeliveryGraceSeconds</c> in the environment).</summary>
    public const string DeliveryGraceSetting = Section + ":" + nameof(DeliveryGraceSeconds);

    /// <summary>Ten minutes: the polling blob trigger's documented worst delay.</summary>
    public const int DefaultDeliveryGraceSeconds = 600;

    public const int MaxDeliveryGraceSeconds = 3600;

    /// <summary>How long after a round's deadline it still takes the workbooks uploaded by the deadline.</summary>
    public int DeliveryGraceSeconds { get; set; } = DefaultDeliveryGraceSeconds;

    /// <summary>What a grace out of range is refused with, at start.</summary>
    public static readonly string RangeProblem = $"{DeliveryGraceSetting} must be 0 to {MaxDeliveryGraceSeconds} seconds.";

    /// <summary>Why these options cannot run a campaign, or null when they can.</summary>
    public string? Problem => DeliveryGraceSeconds is >= 0 and <= MaxDeliveryGraceSeconds ? null : RangeProblem;
}

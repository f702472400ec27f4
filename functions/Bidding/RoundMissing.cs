namespace Serverless.Functions.Bidding;

/// <summary>
/// Who has not submitted in a round, as officials follow it live: the round's deadline and state, how many hospitals
/// were invited and how many have a counted workbook, and the invited hospitals that have none (code order).
/// </summary>
public sealed record RoundMissing(string CampaignId, int Round, bool IsOpen, DateTime DeadlineUtc, bool Extended, int Invited, int Submitted, IReadOnlyList<MissingHospital> Hospitals);

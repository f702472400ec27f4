namespace Serverless.Functions.Bidding;

/// <summary>An invited hospital with no counted workbook in a round: its code and name, and its league/city's.</summary>
public sealed record MissingHospital(string Hospital, string Name, string League, string LeagueName);

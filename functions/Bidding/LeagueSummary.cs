namespace Serverless.Functions.Bidding;

/// <summary>One league/city's line of the campaign summary (amounts rounded to fen for display).</summary>
public sealed record LeagueSummary(string League, string Name, decimal Budget, decimal Saving, decimal UsedByRises, decimal Net, int Adopted, int Skipped);

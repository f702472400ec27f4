namespace Serverless.Domain.Bidding;

/// <summary>A league/city row of the scope workbook (盟市). <paramref name="Growth"/> null means the campaign default.</summary>
public sealed record League(LeagueCode Code, string Name, Yuan BaseRevenue, decimal? Growth);

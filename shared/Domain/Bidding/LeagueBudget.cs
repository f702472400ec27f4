namespace Serverless.Domain.Bidding;

/// <summary>A league/city's adjustment total (base × growth) and its bidding budget (the complex-item share), exact.</summary>
public sealed record LeagueBudget(LeagueCode League, string Name, Yuan BaseRevenue, decimal Growth, Yuan AdjustmentTotal, Yuan BiddingBudget);

namespace Serverless.Domain.Simulation;

/// <summary>An override refused: the field (as the API names it, e.g. <c>leagueGrowth.150100</c>) and why, in Chinese and English.</summary>
public sealed record ParameterProblem(string Field, string MessageZh, string MessageEn);

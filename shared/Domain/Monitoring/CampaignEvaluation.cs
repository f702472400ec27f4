namespace Serverless.Domain.Monitoring;

/// <summary>One campaign's monitoring evaluated (DOMAIN.md §6 After): per league/city its fits and priority candidates.</summary>
public sealed record CampaignEvaluation(string CampaignId, IReadOnlyList<LeagueEvaluation> Leagues);

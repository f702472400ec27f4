using Serverless.Domain.Bidding;

namespace Serverless.Domain.Monitoring;

/// <summary>A league/city in the annual review's evaluation: the last four quarters' fit and its priority candidates.</summary>
public sealed record LeagueEvaluation(LeagueCode League, string LeagueName, IReadOnlyList<QuarterFit> Fits, IReadOnlyList<PriorityCandidate> Candidates);

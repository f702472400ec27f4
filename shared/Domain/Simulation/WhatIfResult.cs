using Serverless.Domain.Bidding;

namespace Serverless.Domain.Simulation;

/// <summary>A what-if run's outcome: the parameters it ran with, the regional result as the campaign would publish it, and the rounds' tallies.</summary>
public sealed record WhatIfResult(CampaignParameters Parameters, CampaignResult Result, IReadOnlyList<SimulatedRound> Rounds);

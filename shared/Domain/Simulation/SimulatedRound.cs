namespace Serverless.Domain.Simulation;

/// <summary>How a round's workbooks fared under a run's parameters: workbooks judged, rejected whole, valid and invalid rows.</summary>
public sealed record SimulatedRound(int Round, int Workbooks, int RejectedWorkbooks, int ValidRows, int RejectedRows);

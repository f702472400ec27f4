namespace Serverless.Domain.ReserveFund;

/// <summary>The two basic medical-insurance funds, each with its own reserve fund (DOMAIN.md §3, seed 003 §二(六)).</summary>
public enum InsuranceType
{
    Employees,
    Residents,
}

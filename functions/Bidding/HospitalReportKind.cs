namespace Serverless.Functions.Bidding;

/// <summary>What a report of a hospital's upload is: the validation of its rows, or the refusal of the whole file before any (late, wrong round, too large).</summary>
public enum HospitalReportKind
{
    Validation,
    Refused,
}

namespace Serverless.Domain.Bidding;

/// <summary>
/// Ranking weights (DOMAIN.md §1 Ranking): S = 0.4·E + 0.3·P + 0.3·C, and the policy factor's
/// 0.4 surgical/high-risk, 0.2 weak discipline, 0.2 TCM/Mongolian, 0.2 share of supported hospitals.
/// </summary>
public sealed record ScoreWeights(
    decimal Economic,
    decimal Policy,
    decimal Consensus,
    decimal Surgical,
    decimal WeakDiscipline,
    decimal TcmItem,
    decimal SupportedHospitalShare)
{
    public static readonly ScoreWeights Default = new(0.4m, 0.3m, 0.3m, 0.4m, 0.2m, 0.2m, 0.2m);
}

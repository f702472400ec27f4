using Serverless.Functions.Hosting;

namespace Serverless.Functions.Bidding;

/// <summary>
/// A hospital's round-1 feedback as JSON, a page of its rows at a time: what its feedback workbook holds, with its
/// league/city and, when its workbook was refused whole, why.
/// </summary>
public sealed record HospitalReferencePrices(string CampaignId, string Hospital, string League, string LeagueName, string? RefusedZh, string? RefusedEn, ListPage<ReferencePriceView> Items);

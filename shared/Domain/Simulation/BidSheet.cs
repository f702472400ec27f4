using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;

namespace Serverless.Domain.Simulation;

/// <summary>
/// One hospital's bid workbook for a round as read, before any judging: the sheet when its structure was sound, and
/// the reader's whole-file issues. A simulation judges it again under its own parameters.
/// </summary>
public sealed record BidSheet(HospitalCode Hospital, int Round, string FileName, RawSheet? Sheet, IReadOnlyList<SheetIssue> Issues);

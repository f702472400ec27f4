using System.Diagnostics;
using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Writing;

// Issue 4's figures: reading + validating a 100,000-row bid workbook against a bare OpenXmlReader scan of the same
// file, and ranking + adopting 1,000,000 bids; with the process's peak memory after each.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var bids = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;

var wide = SampleCampaign.Generate(new SampleOptions(Seed: 1, Leagues: 1, HospitalsPerLeague: 3, Items: rows));
var bidder = wide.Bidders.First();
var factor = wide.Catalog.Parameters.TierFactors.Of(bidder.Tier);
var xlsx = BiddingWorkbooks.Bids(
    wide.Scope.Items.Select(i => (IReadOnlyList<object?>)[i.Code.Value, Math.Round(i.Benchmark.Value * factor, 2, MidpointRounding.AwayFromZero), 10m, "成本"]),
    withWithdraw: false);
Console.WriteLine($"bid workbook: {rows:N0} rows, {xlsx.Length / 1024.0 / 1024.0:F1} MB");

var bare = Measure(() => BareScan(xlsx), 3);
var validated = 0;
var readAndValidate = Measure(() =>
{
    var read = new WorkbookReader().ReadSheet(new MemoryStream(xlsx), "bench.xlsx", WorkbookSchemas.Bids);
    validated = BidValidator.Validate(wide.Catalog, bidder.Code, 1, "bench.xlsx", read.Sheet, read.Issues).ValidRowCount;
}, 3);
Console.WriteLine($"bare OpenXmlReader scan:   {bare.TotalSeconds,6:F2} s");
Console.WriteLine($"read + validate:           {readAndValidate.TotalSeconds,6:F2} s  ({rows / readAndValidate.TotalSeconds:N0} rows/s, {validated:N0} valid)  ratio to bare scan {readAndValidate / bare:F2} (target ≤ 1.5)");
Console.WriteLine($"peak working set so far:   {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB");

var campaign = SampleCampaign.Generate(new SampleOptions(Seed: 2, Leagues: 12, HospitalsPerLeague: 80, Items: (bids / 900) + 1));
var random = new Random(3);
var proposals = new List<Proposal>(bids);
foreach (var hospital in campaign.Bidders)
{
    var f = campaign.Catalog.Parameters.TierFactors.Of(hospital.Tier);
    foreach (var item in campaign.Scope.Items)
    {
        if (proposals.Count == bids)
        {
            break;
        }

        var price = Math.Round(item.Benchmark.Value * f * (0.8m + (random.Next(0, 41) / 100m)), 2, MidpointRounding.AwayFromZero);
        proposals.Add(new Proposal(hospital.Code, item.Code, new Yuan(price), random.Next(2) == 0 ? null : price * 0.8m, null, 2, 2));
    }
}

GC.Collect();
var adopted = 0;
var rank = Measure(() => adopted = PriceAdoption.Adopt(campaign.Catalog, proposals).TotalAdopted, 3);
Console.WriteLine($"rank + adopt {proposals.Count:N0} bids ({campaign.Scope.Items.Count:N0} items × 12 leagues/cities): {rank.TotalMilliseconds:N0} ms (target < 1,000 ms), {adopted:N0} items adopted");
Console.WriteLine($"peak working set:          {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB");
return 0;

static TimeSpan Measure(Action action, int repeats)
{
    action();
    var best = TimeSpan.MaxValue;
    for (var i = 0; i < repeats; i++)
    {
        var clock = Stopwatch.StartNew();
        action();
        best = clock.Elapsed < best ? clock.Elapsed : best;
    }

    return best;
}

static int BareScan(byte[] xlsx)
{
    using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
    var part = document.WorkbookPart!.WorksheetParts.First();
    using var reader = OpenXmlReader.Create(part);
    var cells = 0;
    while (reader.Read())
    {
        if (reader.ElementType == typeof(Cell) && reader.IsStartElement)
        {
            cells += ((Cell)reader.LoadCurrentElement()!).InnerText.Length > 0 ? 1 : 0;
        }
    }

    return cells;
}

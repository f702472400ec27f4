using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.IO.Compression;
using System.Text;
using System.Xml;
using MiniExcelLibs;
using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.Simulation;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Writing;

// Issue 19's figures: reading (and validating) and writing a 100,000-row bid workbook, each beside the XML underneath
// (a raw ZipArchive + XmlReader scan, a raw XmlWriter into a zip entry) and beside MiniExcel; then issue 4's ranking
// + adoption of 1,000,000 bids; issue 21's what-if simulation of a 12 × 80 × 300 campaign in-process; with the process's peak memory.
var rowCount = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var bids = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
const int ReadingRounds = 9;

var wide = SampleCampaign.Generate(new SampleOptions(Seed: 1, Leagues: 1, HospitalsPerLeague: 3, Items: rowCount));
var bidder = wide.Bidders.First();
var factor = wide.Catalog.Parameters.TierFactors.Of(bidder.Tier);
List<IReadOnlyList<object?>> rows = [.. wide.Scope.Items.Select(i => (IReadOnlyList<object?>)[i.Code.Value, Math.Round(i.Benchmark.Value * factor, 2, MidpointRounding.AwayFromZero), 10m, "成本"])];
string[] headers = [.. WorkbookSchemas.Bids.Columns.Take(4).Select(c => c.ChineseHeader)];
var xlsx = BiddingWorkbooks.Bids(rows, withWithdraw: false);
var readingOnly = args.Contains("--reading-only");
Console.WriteLine($"bid workbook: {rowCount:N0} rows, {xlsx.Length / 1024.0 / 1024.0:F1} MB; {(GCSettings.IsServerGC ? "server" : "workstation")} GC{(readingOnly ? string.Empty : " (as the Function app runs)")}");

Console.WriteLine($"reading (interleaved: each of {ReadingRounds} rounds runs every step once after a full collection; best per step, and the median of the per-round ratios to that round's raw scan)");
var validated = 0;
var sheet = new WorkbookReader().ReadSheet(new MemoryStream(xlsx), "bench.xlsx", WorkbookSchemas.Bids).Sheet;
var readingSteps = new (string Name, Func<int> Action, string? Target)[]
{
    ("raw ZipArchive + XmlReader scan", () => RawScan(xlsx), null),
    ("MiniExcel Query", () => MiniExcel.Query(new MemoryStream(xlsx)).Count(), null),
    ("ours: read", () => new WorkbookReader().ReadSheet(new MemoryStream(xlsx), "bench.xlsx", WorkbookSchemas.Bids).Sheet!.Rows.Count, null),
    ("ours: read + validate", () =>
    {
        var read = new WorkbookReader().ReadSheet(new MemoryStream(xlsx), "bench.xlsx", WorkbookSchemas.Bids);
        return validated = BidValidator.Validate(wide.Catalog, bidder.Code, 1, "bench.xlsx", read.Sheet, read.Issues).ValidRowCount;
    }, "target ≤ 2"),
    ("  of which BidValidator (domain)", () => BidValidator.Validate(wide.Catalog, bidder.Code, 1, "bench.xlsx", sheet, []).ValidRowCount, null),
};
var readingTimes = MeasureInterleaved(readingSteps.Select(s => s.Action).ToArray(), ReadingRounds);
for (var step = 0; step < readingSteps.Length; step++)
{
    var ratios = readingTimes[step].Zip(readingTimes[0], (took, raw) => took / raw).Order().ToList();
    Console.WriteLine($"  {readingSteps[step].Name,-34} {readingTimes[step].Min().TotalSeconds,6:F3} s  {readingTimes[step].Min() / readingTimes[0].Min(),5:F2}× raw best, {ratios[ratios.Count / 2],5:F2}× median{(readingSteps[step].Target is { } target ? $"  ({target})" : string.Empty)}");
}

Console.WriteLine($"  ({rowCount / readingTimes[3].Min().TotalSeconds:N0} rows/s read and validated, {validated:N0} valid)");
if (readingOnly)
{
    return 0;
}

// The same reading steps under workstation GC, in a child process (a process's GC is fixed at start), for comparison.
using (var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, [rowCount.ToString(CultureInfo.InvariantCulture), "--reading-only"])
{
    RedirectStandardOutput = true,
    Environment = { ["DOTNET_gcServer"] = "0" },
})!)
{
    Console.WriteLine("the same reading under workstation GC, for comparison:");
    while (child.StandardOutput.ReadLine() is { } line)
    {
        Console.WriteLine($"  | {line}");
    }

    child.WaitForExit();
}


Console.WriteLine("writing (best of 5 runs each)");
var rawWrite = Measure(() => RawWrite(headers, rows));
Report("raw XmlWriter into a zip entry", rawWrite, rawWrite);
var dictionaries = rows.Select(r => headers.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
Report("MiniExcel SaveAs", Measure(() =>
{
    using var output = new MemoryStream();
    output.SaveAs(dictionaries);
    return output.Length;
}), rawWrite);
Report("ours: BiddingWorkbooks.Bids", Measure(() => BiddingWorkbooks.Bids(rows, withWithdraw: false).Length), rawWrite, "target ≤ 1.5");
Console.WriteLine($"peak working set so far:   {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB");
if (args.Contains("--workbooks-only"))
{
    return 0;
}


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
var rank = Measure(() => adopted = PriceAdoption.Adopt(campaign.Catalog, proposals).TotalAdopted);
Console.WriteLine($"rank + adopt {proposals.Count:N0} bids ({campaign.Scope.Items.Count:N0} items × 12 leagues/cities): {rank.TotalMilliseconds:N0} ms (target < 1,000 ms), {adopted:N0} items adopted");

// The what-if simulation as POST /api/simulations runs it once the workbooks are downloaded: every round-1 and round-2
// workbook read and judged again, round 2 against the simulated round 1, then ranking and adoption (DOMAIN.md §6 Before).
var whatIf = SampleCampaign.Generate(new SampleOptions(Seed: 21, Leagues: 12, HospitalsPerLeague: 80, Items: 300));
var workbooks = whatIf.Bidders.Select(h => (h.Code, One: whatIf.BidWorkbook(h.Code, 1), Two: whatIf.BidWorkbook(h.Code, 2))).ToList();
var workbookReader = new WorkbookReader();
WhatIfResult Simulate(ParameterOverrides overrides) => WhatIf.Run(whatIf.Scope,
    workbooks.AsParallel().AsOrdered().Select(w => BidSheets.Read(workbookReader, w.One, w.Code, 1)),
    workbooks.AsParallel().AsOrdered().Select(w => BidSheets.Read(workbookReader, w.Two, w.Code, 2)),
    whatIf.Catalog.Parameters, overrides);
var simulated = Simulate(ParameterOverrides.None);
var cutGrowth = new ParameterOverrides { LeagueGrowth = new Dictionary<string, decimal> { [whatIf.Scope.Leagues[0].Code.Value] = 0.001m } };
var ownRun = Measure(() => Simulate(ParameterOverrides.None).Result.TotalAdopted, runs: 3);
var cutRun = Measure(() => Simulate(cutGrowth).Result.TotalAdopted, runs: 3);
Console.WriteLine($"what-if 12 × 80 × 300 ({workbooks.Count:N0} hospitals × 2 rounds, {simulated.Rounds.Sum(r => r.ValidRows + r.RejectedRows):N0} rows, {Environment.ProcessorCount} cores): "
    + $"read + judge + rank + adopt {ownRun.TotalMilliseconds:N0} ms with the campaign's parameters, {cutRun.TotalMilliseconds:N0} ms with one league's growth changed (target: seconds)");
Console.WriteLine($"peak working set:          {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB");
return 0;

// Each round runs every step once, in order, after a full collection, so a slow stretch of the machine (a shared
// VM's noise is ±30 %) slows all steps of one round alike instead of skewing one step's best.
static List<TimeSpan>[] MeasureInterleaved(Func<int>[] steps, int rounds)
{
    var times = steps.Select(_ => new List<TimeSpan>(rounds)).ToArray();
    foreach (var step in steps)
    {
        step();
    }

    for (var round = 0; round < rounds; round++)
    {
        for (var step = 0; step < steps.Length; step++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var clock = Stopwatch.StartNew();
            steps[step]();
            times[step].Add(clock.Elapsed);
        }
    }

    return times;
}

static TimeSpan Measure<T>(Func<T> action, int runs = 5)
{
    action();
    var best = TimeSpan.MaxValue;
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        action();
        best = clock.Elapsed < best ? clock.Elapsed : best;
    }

    return best;
}

static void Report(string what, TimeSpan took, TimeSpan raw, string? target = null)
    => Console.WriteLine($"  {what,-34} {took.TotalSeconds,6:F3} s  {took / raw,5:F2}× raw{(target is null ? string.Empty : $"  ({target})")}");

// Every cell's text of the first sheet, straight from the zip: the floor any reader stands on.
static int RawScan(byte[] xlsx)
{
    using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
    using var reader = XmlReader.Create(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
    var characters = 0;
    while (reader.Read())
    {
        if (reader.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace)
        {
            characters += reader.Value.Length;
        }
    }

    return characters;
}

// The same cells (header, then inline strings and numbers with their references) into one zip entry, at the
// compression level the workbook writer uses: the floor any writer stands on.
static long RawWrite(string[] headers, List<IReadOnlyList<object?>> rows)
{
    using var output = new MemoryStream();
    using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
    using (var writer = XmlWriter.Create(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
    {
        writer.WriteStartElement("worksheet", "http://schemas.openxmlformats.org/spreadsheetml/2006/main");
        writer.WriteStartElement("sheetData");
        WriteRow(writer, 1, headers);
        for (var i = 0; i < rows.Count; i++)
        {
            WriteRow(writer, i + 2, rows[i]);
        }
    }

    return output.Length;

    static void WriteRow(XmlWriter writer, int number, IReadOnlyList<object?> cells)
    {
        var row = number.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartElement("row");
        writer.WriteAttributeString("r", row);
        for (var column = 0; column < cells.Count; column++)
        {
            writer.WriteStartElement("c");
            writer.WriteAttributeString("r", (char)('A' + column) + row);
            if (cells[column] is decimal value)
            {
                writer.WriteElementString("v", value.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteAttributeString("t", "inlineStr");
                writer.WriteStartElement("is");
                writer.WriteElementString("t", (string?)cells[column]);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Functions.Demo;

/// <summary>
/// The main job: a full two-round campaign on generated data against an embedded Azurite, driven the way people
/// drive it — an official starts it over HTTP, hospitals upload workbooks to blob storage (one malformed, one
/// re-uploaded, one late) — with progress printed while it runs and the result files listed at the end.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        await RunAsync(DemoOptions.Parse(args), new LocalHostTuning(), Console.Out);
        return 0;
    }

    /// <summary>
    /// Runs the demo on a local host tuned by <paramref name="tuning"/> (the engine benchmark: our Durable settings and
    /// the defaults), writing its progress to <paramref name="output"/>; returns the wall time and the storage requests
    /// the app and the engine sent.
    /// </summary>
    public static async Task<DemoRun> RunAsync(DemoOptions options, LocalHostTuning tuning, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tuning);
        var counter = new StorageRequestCounter();
        var clock = Stopwatch.StartNew();
        output.WriteLine($"Demo campaign: {options.Leagues} leagues/cities × {options.Hospitals} hospitals × {options.Items} items, round windows {options.WindowSeconds} s.");
        await using var app = await ServerlessApp.BuildAsync(
            ["--urls", "http://127.0.0.1:0", "--Azurite:InMemory", "true", "--Logging:LogLevel:Default", "Warning", .. SignInSetup.DevelopmentArguments(Serverless.Functions.Security.Secrets.NewKey()),
                $"--{ReserveFund.LedgerOptions.MacKeySetting}", Serverless.Functions.Security.Secrets.NewKey(),
                $"--{BiddingOptions.DeliveryGraceSetting}", DemoOptions.DeliveryGraceSeconds.ToString(CultureInfo.InvariantCulture)],
            tuning with { StoragePolicies = [.. tuning.StoragePolicies ?? [], counter] });
        await app.StartAsync();
        var baseAddress = app.Urls.First();
        using var http = new HttpClient { BaseAddress = new Uri(baseAddress) };
        var token = app.Services.GetRequiredService<DevTokens>().Issue("demo.price.official", Roles.PriceOffice, null, DateTimeOffset.UtcNow.AddHours(2));
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var storage = app.Services.GetRequiredService<StorageClients>();
        var campaignId = $"demo-{options.Seed}";
        var phases = new List<(string Phase, TimeSpan Seen)>();

        var sample = SampleCampaign.Generate(new SampleOptions(options.Seed, options.Leagues, options.Hospitals, options.Items));
        output.WriteLine($"[{clock.Elapsed:mm\\:ss}] generated {sample.Scope.Hospitals.Count} hospitals, {sample.Scope.Items.Count} items; host at {baseAddress}");
        (await http.PutAsync($"/api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaignId, options.WindowSeconds, "demo price official",
            options.Monitoring ? DemoOptions.MonitoringDayMilliseconds : null))).EnsureSuccessStatusCode();
        await WaitForPhaseAsync(http, campaignId, "Round1", clock, phases, output);

        var bids = storage.Blobs.GetBlobContainerClient(StorageNames.BidsContainer);
        var bidders = sample.Bidders.ToList();
        var broken = bidders[0].Code.Value;
        await bids.GetBlobClient(CampaignStore.UploadBlob(campaignId, 1, broken)).UploadAsync(new BinaryData("这不是 xlsx 文件"u8.ToArray()), overwrite: true);
        await UploadRoundAsync(bids, sample, campaignId, 1, bidders.Skip(1).Select(h => h.Code.Value));
        output.WriteLine($"[{clock.Elapsed:mm\\:ss}] round 1: {bidders.Count} workbooks uploaded ({broken} first sent a broken file)");
        await Task.Delay(1500);
        await bids.GetBlobClient(CampaignStore.UploadBlob(campaignId, 1, broken)).UploadAsync(new BinaryData(sample.BidWorkbook(bidders[0].Code, 1)), overwrite: true);
        output.WriteLine($"[{clock.Elapsed:mm\\:ss}] round 1: {broken} re-uploaded a good workbook");
        await WaitForPhaseAsync(http, campaignId, "Round2", clock, phases, output);

        await UploadRoundAsync(bids, sample, campaignId, 2, bidders.Select(h => h.Code.Value));
        output.WriteLine($"[{clock.Elapsed:mm\\:ss}] round 2: {bidders.Count} workbooks uploaded");
        var status = await WaitForPhaseAsync(http, campaignId, "Completed", clock, phases, output);
        await bids.GetBlobClient(CampaignStore.UploadBlob(campaignId, 2, broken)).UploadAsync(new BinaryData(sample.BidWorkbook(bidders[0].Code, 2)), overwrite: true);

        var summary = status.Summary!;
        output.WriteLine();
        output.WriteLine("league  name          budget (yuan)     saving    used by rises            net  adopted  skipped");
        foreach (var league in summary.Leagues)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{league.League,-7} {league.Name,-10} {league.Budget,16:N2} {league.Saving,12:N2} {league.UsedByRises,14:N2} {league.Net,14:N2} {league.Adopted,8} {league.Skipped,8}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"region: budget {summary.RegionalBiddingBudget:N2}, net {summary.RegionalNet:N2}, adopted {summary.AdoptedItems}, skipped {summary.SkippedItems}"));
        output.WriteLine($"results: {summary.ResultFiles.Count} files in blob container 'results/{campaignId}/' (e.g. {string.Join(", ", summary.ResultFiles.Where(f => f.Contains("summary", StringComparison.Ordinal) || f.Contains("guide-prices", StringComparison.Ordinal)).Take(3))})");
        output.WriteLine($"         also over HTTP: {baseAddress}/api/campaigns/{campaignId}/results");
        PrintPhases(phases, output);
        if (options.Monitoring)
        {
            await DemoMonitoring.RunAsync(http, storage, sample, campaignId, clock, output);
        }

        var run = new DemoRun(clock.Elapsed, counter.Count, phases);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall time: {run.Wall.TotalSeconds:F1} s; storage requests (app and engine): {run.StorageRequests:N0}"));
        await app.StopAsync();
        return run;
    }

    private static async Task UploadRoundAsync(Azure.Storage.Blobs.BlobContainerClient bids, SampleCampaign sample, string campaignId, int round, IEnumerable<string> hospitals)
        => await Parallel.ForEachAsync(hospitals, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (hospital, ct) =>
            await bids.GetBlobClient(CampaignStore.UploadBlob(campaignId, round, hospital))
                .UploadAsync(new BinaryData(sample.BidWorkbook(new Domain.Bidding.HospitalCode(hospital), round)), overwrite: true, ct));

    /// <summary>
    /// Where the campaign's time went: each phase from when the status first showed it (polled every 0.5 s) to when
    /// the next one appeared. Round phases last until their deadline or until every invited hospital has submitted.
    /// </summary>
    private static void PrintPhases(List<(string Phase, TimeSpan Seen)> phases, TextWriter output)
    {
        output.WriteLine("phase                 from     lasted (s)");
        for (var i = 0; i < phases.Count; i++)
        {
            var (phase, seen) = phases[i];
            var lasted = i + 1 < phases.Count ? (phases[i + 1].Seen - seen).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"{phase,-20}  {seen:mm\\:ss}  {lasted,10}");
        }
    }

    private static async Task<CampaignStatus> WaitForPhaseAsync(HttpClient http, string campaignId, string phase, Stopwatch clock, List<(string Phase, TimeSpan Seen)> phases, TextWriter output)
    {
        var last = string.Empty;
        while (true)
        {
            var status = await http.GetFromJsonAsync<CampaignStatus>($"/api/campaigns/{campaignId}", Workflows.Json)
                ?? throw new InvalidOperationException("The campaign disappeared.");
            if (status.RuntimeStatus is "Failed" or "Terminated")
            {
                throw new InvalidOperationException($"The campaign ended {status.RuntimeStatus}: {status.Failure}");
            }

            var progress = status.Progress;
            var current = status.RuntimeStatus == "Completed" ? "Completed" : progress?.Phase ?? status.RuntimeStatus;
            if (phases.Count == 0 || phases[^1].Phase != current)
            {
                phases.Add((current, clock.Elapsed));
            }

            var line = progress is null ? status.RuntimeStatus : $"{progress.Phase}: submitted {progress.Submitted}/{progress.Invited}, valid rows {progress.ValidRows}, rejected rows {progress.RejectedRows}, rejected files {progress.RejectedFiles}";
            if (line != last)
            {
                output.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}");
                last = line;
            }

            if (progress?.Phase == phase || (phase == "Completed" && status.RuntimeStatus == "Completed"))
            {
                return status;
            }

            await Task.Delay(500);
        }
    }
}

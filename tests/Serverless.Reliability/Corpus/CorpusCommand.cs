using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Azurite;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Testing;

namespace Serverless.Reliability.Corpus;

/// <summary>
/// <c>corpus [--cases 1000] [--seed 1]</c> (issue 10): starts the app in-process on a private Azurite, opens a bidding
/// campaign, uploads the hostile corpus as bids and new-item applications, waits for every upload to be answered, and
/// judges each case: original archived, clear report or accepted, no poison — and the host still answering at the end,
/// and no workbook it wrote holding a live formula. Exit 1 when a case lost its original or its report, a written
/// workbook holds a live formula, or the host died.
/// </summary>
internal static class CorpusCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        CorpusOptions options;
        try
        {
            options = CorpusOptions.Parse(args);
        }
        catch (ArgumentException bad)
        {
            Console.Error.WriteLine(bad.Message);
            return 2;
        }

        var cancellationToken = CancellationToken.None;
        var clock = Stopwatch.StartNew();
        using var memory = new MemorySampler();
        await using var azurite = await AzuriteInstance.StartAsync(cancellationToken: cancellationToken);
        await using var app = await ServerlessApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--{AppSettings.StorageConnection}", azurite.ConnectionString,
            $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", Serverless.Functions.Security.Secrets.NewKey(),
            $"--{AppSettings.TaskHub}", UniqueNames.Unique("corpus"),
            $"--{AppSettings.UploadScanInterval}", "200",
            $"--{Serverless.Functions.Bidding.BiddingOptions.DeliveryGraceSetting}", "30",
            "--Logging:LogLevel:Default", "None",
            .. RunTokens.AppArguments,
        ], cancellationToken: cancellationToken);
        await app.StartAsync(cancellationToken);
        var root = new Uri(app.Urls.First());
        var storage = app.Services.GetRequiredService<StorageClients>();
        using var http = CorpusCampaign.PriceOfficeClient(root);

        var campaignId = $"corpus-{options.Seed}";
        var sample = SampleCampaign.Generate(HostileWorkbooks.CampaignOptions(options.Cases));
        await CorpusCampaign.OpenAsync(http, campaignId, sample, cancellationToken);
        Console.WriteLine($"Campaign {campaignId} open: {sample.Bidders.Count()} invited hospitals, round 1 for {CorpusCampaign.RoundWindow.TotalHours:N0} h ({clock.Elapsed.TotalSeconds:N0} s)");

        var uploads = new CorpusUploads(storage, campaignId);
        Console.WriteLine($"Uploading {options.Cases:N0} cases (seed {options.Seed}) in batches of {CorpusUploads.BatchSize}:");
        await uploads.UploadAsync(new HostileWorkbooks(sample, campaignId, options.Seed).Generate(options.Cases), cancellationToken);
        var unhandled = await uploads.WaitForReceiptsAsync(cancellationToken);
        Console.WriteLine($"All uploads sent; {unhandled:N0} never handled ({clock.Elapsed.TotalSeconds:N0} s)");
        var unanswered = await uploads.WaitForBidReportsAsync(
            async ct => (await CorpusCampaign.StatusAsync(http, campaignId, ct))?.RuntimeStatus == nameof(OrchestrationRuntimeStatus.Running), cancellationToken);
        Console.WriteLine($"Bids validated; {unanswered:N0} without a report ({clock.Elapsed.TotalSeconds:N0} s)");

        var snapshot = await StorageSnapshot.TakeAsync(storage, cancellationToken);
        var verdicts = await new CaseJudge(storage, campaignId).JudgeAsync(uploads.Uploaded, snapshot, cancellationToken);
        CorpusSummary.Print(verdicts);

        var poisonQueue = (await storage.Queues.GetQueueClient(StorageNames.UploadPoisonQueue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        var poisonReasons = snapshot.AllReceipts.Where(r => r.GetString("Status") == "poison").GroupBy(r => FirstLine(r.GetString("LastError")));
        Console.WriteLine();
        Console.WriteLine($"Poison: {verdicts.Count(v => v.Outcome == CaseOutcome.Poison):N0} cases, {poisonQueue:N0} messages on {StorageNames.UploadPoisonQueue}");
        foreach (var reason in poisonReasons)
        {
            Console.WriteLine($"  ×{reason.Count()} {reason.Key}");
        }

        var liveFormulas = await ExportScan.RunAsync(storage, cancellationToken);
        await PrintWorkflowsAsync(app.Services.GetRequiredService<DurableTaskClient>(), http, campaignId, verdicts, cancellationToken);
        var alive = await AnswersAsync(root, cancellationToken);
        Console.WriteLine($"Host answers GET /: {(alive ? "yes" : "NO")}");
        Console.WriteLine($"Peak memory of runner and app: working set {memory.PeakWorkingSet / 1048576.0:N0} MB, managed heap {memory.PeakManagedHeap / 1048576.0:N0} MB");
        Console.WriteLine($"Finished in {clock.Elapsed.TotalSeconds:N0} s");
        await app.StopAsync(cancellationToken);

        var lost = verdicts.Count(v => v.Problems.Count > 0);
        var passed = lost == 0 && alive && liveFormulas == 0;
        Console.WriteLine(passed
            ? "PASS: every case archived and answered, no live formula exported"
            : $"FAIL: {lost:N0} cases without their archive or a clear answer, {liveFormulas:N0} live formulas exported{(alive ? string.Empty : "; the host died")}");
        return passed ? 0 : 1;
    }

    /// <summary>The campaign must still be running round 1, and no new-item workflow the corpus started may have failed.</summary>
    private static async Task PrintWorkflowsAsync(DurableTaskClient client, HttpClient http, string campaignId, IReadOnlyList<CaseVerdict> verdicts, CancellationToken cancellationToken)
    {
        var campaign = await CorpusCampaign.StatusAsync(http, campaignId, cancellationToken);
        var progress = campaign?.Progress;
        Console.WriteLine($"Campaign {campaignId}: {campaign?.RuntimeStatus} in {progress?.Phase}, {progress?.Submitted} workbooks counted, {progress?.ValidRows} valid rows, " +
            $"{progress?.RejectedRows} rejected rows, {progress?.RejectedFiles} rejected files");
        if (campaign?.Failure is { } failure)
        {
            var unanswered = verdicts.Where(v => v.Uploaded.Case.Kind == HostileUploadKind.Bid && v.Outcome == CaseOutcome.Unanswered).ToList();
            Console.WriteLine($"  failed: {FirstLine(failure)}");
            Console.WriteLine($"  {unanswered.Count:N0} bids left without a report, the earliest {unanswered.FirstOrDefault()?.Label ?? "none"}");
        }

        var workflows = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }).WithCancellation(cancellationToken))
        {
            if (instance.Name == NewItemOrchestration.Name)
            {
                workflows.Add(instance);
            }
        }

        Console.WriteLine($"New-item workflows started by application rows: {workflows.Count:N0} ({string.Join(", ", workflows.GroupBy(w => w.RuntimeStatus).Select(g => $"{g.Count():N0} {g.Key}"))})");
        foreach (var failed in workflows.Where(w => w.RuntimeStatus == OrchestrationRuntimeStatus.Failed).Take(10))
        {
            Console.WriteLine($"  {failed.InstanceId} failed: {FirstLine(failed.FailureDetails?.ErrorMessage)}");
        }
    }

    private static async Task<bool> AnswersAsync(Uri root, CancellationToken cancellationToken)
    {
        using var anonymous = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await anonymous.GetAsync(new Uri("/", UriKind.Relative), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static string FirstLine(string? text) => (text ?? "(no message)").Split('\n')[0].Trim();
}

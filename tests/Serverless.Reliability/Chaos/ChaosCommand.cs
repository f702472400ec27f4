using DurableTask.Core.History;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.DurableTask.Client;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Azurite;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Monitoring;
using Serverless.Functions.NewItems;
using Serverless.Functions.ReserveFund;
using Serverless.Spreadsheets.Writing;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Reliability.Chaos;

/// <summary>
/// The chaos run (issue 10): the same generated campaign three times on one on-disk Azurite — undisturbed with one
/// host; with two hosts on one task hub while the harness SIGKILLs a host at random moments (and restarts it) and
/// restarts Azurite itself (SIGTERM: a storage outage without data loss); and with three hosts — then compares every published figure and every hospital's
/// accepted rows, the reserve-fund year and the new-item applications (<see cref="NewItemRun"/>), and checks that no instance is left running but
/// applications in their trial and no history event is duplicated.
/// <c>chaos [--leagues 12] [--hospitals 6] [--items 30] [--kills 20] [--azurite-restarts 2] [--seed 7]</c>.
/// </summary>
public static class ChaosCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Enumerable.Range(0, args.Length / 2).ToDictionary(i => args[2 * i], i => args[(2 * i) + 1], StringComparer.Ordinal);
        int Option(string name, int fallback) => options.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var leagues = Option("--leagues", 12);
        var hospitals = Option("--hospitals", 6);
        var items = Option("--items", 30);
        var kills = Option("--kills", 20);
        var azuriteRestarts = Option("--azurite-restarts", 2);
        var seed = Option("--seed", 7);
        var runs = (options.TryGetValue("--runs", out var runsText) ? runsText : "calm,chaos,three").Split(',');

        var data = Path.Combine(Path.GetTempPath(), $"chaos-azurite-{Guid.NewGuid():N}");
        await using var azurite = await AzuriteInstance.StartAsync(data);
        var sample = SampleCampaign.Generate(new SampleOptions(seed, leagues, hospitals, items, BadRowShare: 0.05));
        Console.WriteLine($"Chaos run: {leagues} leagues/cities × {hospitals} hospitals × {items} items ({sample.Bidders.Count()} bidders), seed {seed}, Azurite on disk at {data}");

        var calm = await RunCampaignAsync(azurite, sample, "calm", hosts: 1, kills: 0, azuriteRestarts: 0, seed, 2027);
        var others = new List<RunResult>();
        if (runs.Contains("chaos"))
        {
            others.Add(await RunCampaignAsync(azurite, sample, "chaos", hosts: 2, kills, azuriteRestarts, seed, 2028));
        }

        if (runs.Contains("three"))
        {
            others.Add(await RunCampaignAsync(azurite, sample, "three", hosts: 3, kills: 0, azuriteRestarts: 0, seed, 2029));
        }

        Console.WriteLine();
        Console.WriteLine("run     hosts  kills  azurite restarts  wall (s)  adopted  skipped  net (yuan)        accepted rows  uploads handled  running left  in trial  duplicate events  applications  decisions");
        foreach (var run in others.Prepend(calm))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Name,-7} {run.Hosts,5}  {run.Kills,5}  {run.AzuriteRestarts,16}  {run.Wall.TotalSeconds,8:F1}  {run.Summary.AdoptedItems,7}  {run.Summary.SkippedItems,7}  {run.Summary.RegionalNet,16:N2}  {run.AcceptedRows.Values.Sum(),13}  {run.AcceptedRows.Count,15}  {run.RunningLeft,13}  {run.InTrial,8}  {run.DuplicateEvents,16}  {run.NewItems.ApplicationsCreated,12}  {run.NewItems.DecisionsRecorded,9}"));
        }

        var problems = new List<string>();
        PrintNewItems([.. others.Prepend(calm)], problems);
        foreach (var run in others)
        {
            if (Fingerprint(run.Summary) != Fingerprint(calm.Summary))
            {
                problems.Add($"{run.Name}: the published figures differ from the undisturbed run:\n    {Fingerprint(run.Summary)}\n    {Fingerprint(calm.Summary)}");
            }

            var lost = calm.AcceptedRows.Where(r => !run.AcceptedRows.TryGetValue(r.Key, out var n) || n != r.Value).Select(r => r.Key).ToList();
            if (lost.Count > 0)
            {
                problems.Add($"{run.Name}: {lost.Count} hospital rounds differ in accepted rows (first {lost[0]}).");
            }

            if ((run.Fund.Collected, run.Fund.Deficits.Sum(d => d.ReservePaid)) != (calm.Fund.Collected, calm.Fund.Deficits.Sum(d => d.ReservePaid)))
            {
                problems.Add($"{run.Name}: the reserve-fund year differs: collected {run.Fund.Collected}, paid {run.Fund.Deficits.Sum(d => d.ReservePaid)}.");
            }

            if (run.MissingAudit.Count > 0)
            {
                problems.Add($"{run.Name}: no audit entry for {string.Join(", ", run.MissingAudit)}.");
            }

            if (run.RunningLeft > 0 || run.DuplicateEvents > 0)
            {
                problems.Add($"{run.Name}: {run.RunningLeft} instances left running, {run.DuplicateEvents} duplicated history events.");
            }
        }

        // The ledger of all runs: each collection year posted exactly once per region and kind, and the chain verifies.
        var ledger = new Serverless.Functions.ReserveFund.LedgerTable(new TableServiceClient(azurite.ConnectionString).GetTableClient(StorageNames.FundLedgerTable), TimeProvider.System,
            new Serverless.Functions.ReserveFund.LedgerOptions { MacKey = HostProcessRunner.LedgerKey });
        var entries = await ledger.EntriesAsync(Serverless.Domain.ReserveFund.InsuranceType.Employees, CancellationToken.None);
        var repeated = entries.GroupBy(e => (e.Year, e.Region, e.Kind)).Count(g => g.Count() > 1);
        var verify = await ledger.VerifyAsync(Serverless.Domain.ReserveFund.InsuranceType.Employees, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Reserve fund (employees, one collection year per run, alongside the campaign): collected {calm.Fund.Collected:N2} and paid {calm.Fund.Deficits.Sum(d => d.ReservePaid):N2} in each run; ledger {entries.Count} entries, {repeated} posted twice, chain {verify ?? "intact"}."));
        if (repeated > 0 || verify is not null || entries.Count != others.Count * 4 + 4)
        {
            problems.Add($"ledger: {entries.Count} entries for {others.Count + 1} years, {repeated} posted twice, {verify ?? "chain intact"}.");
        }

        Console.WriteLine(problems.Count == 0
            ? "Identical results in all runs: same adopted prices and league figures, no bid lost, same new-item outcomes and decisions, no duplicate application, no instance left running but trials, no history event duplicated."
            : "PROBLEMS:\n  " + string.Join("\n  ", problems));
        Console.WriteLine("Every official action of every run (scope upload, campaign start, catalogue, positions, each new-item submission, decision and resubmission, fund statements and each transfer confirmation) is in the audit trail."
            + (problems.Any(p => p.Contains("audit", StringComparison.Ordinal)) ? " (NOT: see above)" : ""));
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // Azurite may still hold a file for a moment; the temp folder is left behind then.
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private sealed record RunResult(string Name, int Hosts, int Kills, int AzuriteRestarts, TimeSpan Wall, CampaignSummary Summary, IReadOnlyDictionary<string, int> AcceptedRows, int RunningLeft, int DuplicateEvents, IReadOnlyList<string> MissingAudit, FundCollectionSummary Fund,
        NewItemFigures NewItems, int InTrial, int ApplicationInstances);

    private static async Task<RunResult> RunCampaignAsync(AzuriteInstance azurite, SampleCampaign sample, string name, int hosts, int kills, int azuriteRestarts, int seed, int fundCollectionYear)
    {
        var clock = Stopwatch.StartNew();
        var hub = $"{name}{seed}";
        var campaignId = $"{name}-campaign";
        var processes = Enumerable.Range(0, hosts).Select(_ => new HostProcessRunner(azurite.ConnectionString, hub)).ToList();
        await Task.WhenAll(processes.Select(p => p.StartAsync(CancellationToken.None)));
        var token = RunTokens.Tokens.Issue("chaos.price", Roles.PriceOffice, null, DateTimeOffset.UtcNow.AddHours(4));
        var storage = StorageClients.FromConnectionString(azurite.ConnectionString, hub);
        var bids = storage.Blobs.GetBlobContainerClient(StorageNames.BidsContainer);

        // Every call the harness makes is retried across host kills and storage restarts, as a person would retry.
        var caller = new RetryingCaller(processes);
        Task<T> Retry<T>(Func<HttpClient, Task<T>> call) => caller.RetryAsAsync(token, call);

        await Retry(async http => (await http.PutAsync(new Uri($"/api/campaigns/{campaignId}/scope", UriKind.Relative), new ByteArrayContent(sample.ScopeWorkbook()))).EnsureSuccessStatusCode());
        await Retry(async http =>
        {
            var response = await http.PostAsJsonAsync(new Uri("/api/campaigns", UriKind.Relative), new CampaignStart(campaignId, 600, "chaos"));
            return response.StatusCode is System.Net.HttpStatusCode.Accepted or System.Net.HttpStatusCode.Conflict ? response : response.EnsureSuccessStatusCode();
        });

        // The disturbances, spread over the run at seeded moments.
        using var stop = new CancellationTokenSource();
        var random = new Random(seed);
        var done = (Kills: 0, Restarts: 0);
        var chaos = Task.Run(async () =>
        {
            var events = Enumerable.Repeat("kill", kills).Concat(Enumerable.Repeat("azurite", azuriteRestarts)).OrderBy(_ => random.Next()).ToList();
            foreach (var kind in events)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1_000, 3_500)), stop.Token);
                if (kind == "kill")
                {
                    var victim = processes[random.Next(processes.Count)];
                    victim.Kill();
                    await victim.StartAsync(stop.Token);
                    done.Kills++;
                }
                else
                {
                    await azurite.RestartAsync(stop.Token, graceful: true);
                    done.Restarts++;
                }
            }
        });

        async Task Upload(int round)
        {
            await Parallel.ForEachAsync(sample.Bidders, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (hospital, ct) =>
            {
                var content = new BinaryData(sample.BidWorkbook(hospital.Code, round));
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        await bids.GetBlobClient(CampaignStore.UploadBlob(campaignId, round, hospital.Code.Value)).UploadAsync(content, overwrite: true, ct);
                        return;
                    }
                    catch (Exception error) when (attempt < 100 && error is Azure.RequestFailedException or HttpRequestException or TaskCanceledException or AggregateException)
                    {
                        await Task.Delay(300, ct);
                    }
                }
            });
        }

        async Task<CampaignStatus> WaitFor(Func<CampaignStatus, bool> reached)
        {
            var deadline = DateTime.UtcNow.AddMinutes(15);
            while (true)
            {
                var status = await Retry(http => http.GetFromJsonAsync<CampaignStatus>(new Uri($"/api/campaigns/{campaignId}", UriKind.Relative), Workflows.Json));
                if (status is { RuntimeStatus: "Failed" or "Terminated" })
                {
                    throw new InvalidOperationException($"{name}: the campaign ended {status.RuntimeStatus}: {status.Failure}");
                }

                if (status is not null && reached(status))
                {
                    return status;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{name}: the campaign is stuck at {JsonSerializer.Serialize(status?.Progress)}");
                }

                await Task.Delay(500);
            }
        }

        // A reserve-fund collection year runs alongside the campaign, under the same disturbances.
        var fundYear = RunFundYearAsync(storage, fundCollectionYear, caller.RetryAsAsync);
        var newItems = NewItemRun.RunAsync(caller, storage, hub, seed);
        await WaitFor(s => s.Progress?.Phase == "Round1");
        await Upload(1);
        await WaitFor(s => s.Progress?.Phase == "Round2");
        await Upload(2);
        var final = await WaitFor(s => s.RuntimeStatus == "Completed");
        var (fund, fundUnaudited) = await fundYear;
        var applications = await newItems;
        try
        {
            await chaos;
        }
        finally
        {
            await stop.CancelAsync();
        }

        var wall = clock.Elapsed;
        foreach (var process in processes)
        {
            process.Kill();
        }

        // What each hospital's rounds counted, straight from the submissions table.
        var accepted = new Dictionary<string, int>(StringComparer.Ordinal);
        var submissions = storage.Tables.GetTableClient(StorageNames.SubmissionsTable);
        await foreach (var row in submissions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {campaignId}")))
        {
            if (row.GetBoolean("Rejected") != true)
            {
                accepted[$"{row.GetString("Hospital")}/round-{row.GetInt32("Round")}"] = row.GetInt32("ValidRows") ?? 0;
            }
        }

        // No instance left running but new-item applications in their two-year trial and the campaign's monitoring, no history event applied twice.
        await using var engine = await LocalDurableEngine.StartAsync(storage, DurableHubSettings.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"),
            new ConfigurationBuilder().AddInMemoryCollection([new(AppSettings.TaskHub, storage.TaskHub)]).Build()), NullLoggerFactory.Instance, CancellationToken.None, clientOnly: true);
        var client = engine.CreateClient(NullLogger.Instance);
        var running = 0;
        var inTrial = 0;
        var applicationInstances = 0;
        var duplicates = 0;
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            var history = await engine.HistoryAsync(instance.InstanceId);
            var trial = instance.IsRunning && NewItemRun.IsWaitingOnTrialTimer(instance, history);
            // A completed campaign's monitoring runs on for its year of quarters (DOMAIN.md §6): expected, like a trial.
            var monitoring = instance.IsRunning && instance.Name == MonitoringOrchestration.Name;
            running += instance.IsRunning && !trial && !monitoring ? 1 : 0;
            inTrial += trial ? 1 : 0;
            applicationInstances += instance.Name == NewItemOrchestration.Name ? 1 : 0;
            // The engine's history of the instance: no task or timer scheduled twice. (A completion may appear twice: an
            // activity cut off by a kill runs again and the orchestrator ignores the second answer.)
            duplicates += Duplicates(history.Where(e => e.Type == EventType.TaskScheduled).Select(e => e.EventId));
            duplicates += Duplicates(history.Where(e => e.Type == EventType.TimerCreated).Select(e => e.EventId));
        }

        // Every official action the harness took is in the audit trail, by the official who took it.
        var audited = new List<string>();
        await foreach (var row in storage.Tables.GetTableClient(StorageNames.AuditTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {campaignId}")))
        {
            if (row.GetString("User") == "chaos.price")
            {
                audited.Add(row.GetString("Action")!);
            }
        }

        var missing = new[] { "campaign.scope.upload", "campaign.start" }.Except(audited).Concat(fundUnaudited).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{name}] completed in {wall.TotalSeconds:F1} s with {done.Kills} host kills and {done.Restarts} Azurite restarts"));
        return new RunResult(name, hosts, done.Kills, done.Restarts, wall, final.Summary!, accepted, running, duplicates, missing, fund, applications, inTrial, applicationInstances);
    }

    private static int Duplicates(IEnumerable<int> ids)
    {
        var all = ids.ToList();
        return all.Count - all.Distinct().Count();
    }

    /// <summary>
    /// One reserve-fund collection year through HTTP, as the fund office and the finance offices would do it: the
    /// statements (three regions; R02 in deficit), then each region's transfer confirmation, retried across kills.
    /// </summary>
    private static async Task<(FundCollectionSummary Summary, IReadOnlyList<string> Unaudited)> RunFundYearAsync(StorageClients storage, int year,
        Func<string, Func<HttpClient, Task<FundEndpoints.FundYearView?>>, Task<FundEndpoints.FundYearView?>> retryAs)
    {
        var tokens = RunTokens.Tokens;
        var fundOffice = tokens.Issue("chaos.fund", Roles.FundOffice, null, DateTimeOffset.UtcNow.AddHours(4));
        var finance = tokens.Issue("chaos.finance", Roles.FinanceOffice, null, DateTimeOffset.UtcNow.AddHours(4));
        await using var engine = await LocalDurableEngine.StartAsync(storage, DurableHubSettings.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"),
            new ConfigurationBuilder().AddInMemoryCollection([new(AppSettings.TaskHub, storage.TaskHub)]).Build()), NullLoggerFactory.Instance, CancellationToken.None, clientOnly: true);
        var client = engine.CreateClient(NullLogger.Instance);
        var start = new FundCollectionStart(Serverless.Domain.ReserveFund.InsuranceType.Employees, year, Serverless.Domain.ReserveFund.FundParameters.Default);
        for (var attempt = 0; await client.GetInstanceAsync(start.InstanceId) is null; attempt++)
        {
            try
            {
                await client.StartNewAsync(FundCollectionOrchestration.Name, start, start.InstanceId, CancellationToken.None);
            }
            catch (Exception error) when (attempt < 100 && error is Azure.RequestFailedException or HttpRequestException or OrchestrationAlreadyExistsException or Grpc.Core.RpcException)
            {
                await Task.Delay(300);
            }
        }

        var statements = WorkbookWriter.ToBytes([new SheetTable("基金收支",
            [.. Serverless.Domain.ReserveFund.FundSheets.Statements.Columns.Select(c => new TableColumn(c.ChineseHeader))],
            [
                ["R01", 1_000_000.00m, 1_500_000m, 900_000m, 200_000m, 3.0m, 0.96m, 1.0m],
                ["R02", 2_000_000.00m, 3_000_000m, 2_100_000m, 40_000m, 2.0m, 0.912m, 0.9m],
                ["R03", 500_000.55m, 800_000m, 450_000m, 10_000m, 4.0m, 0.99m, 1.1m],
            ])]);
        await retryAs(fundOffice, async http =>
        {
            (await http.PutAsync(new Uri($"/api/fund/employees/{year}/statements", UriKind.Relative), new ByteArrayContent(statements))).EnsureSuccessStatusCode();
            return null;
        });
        async Task<FundEndpoints.FundYearView> Until(Func<FundEndpoints.FundYearView, bool> reached)
        {
            var deadline = DateTime.UtcNow.AddMinutes(15);
            while (true)
            {
                var view = await retryAs(fundOffice, http => http.GetFromJsonAsync<FundEndpoints.FundYearView>(new Uri($"/api/fund/employees/{year}", UriKind.Relative), Workflows.Json));
                if (view is not null && reached(view))
                {
                    return view;
                }

                if (view?.RuntimeStatus is "Failed" or "Terminated" || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"The {year} collection is stuck or failed: {view?.RuntimeStatus} {JsonSerializer.Serialize(view?.Progress)}");
                }

                await Task.Delay(500);
            }
        }

        await Until(v => v.Progress?.Phase == "AwaitingTransfers");
        foreach (var region in new[] { "R03", "R01", "R02" })
        {
            await retryAs(finance, async http =>
            {
                var response = await http.PostAsync(new Uri($"/api/fund/employees/{year}/transfers/{region}/confirm", UriKind.Relative), null);
                return response.IsSuccessStatusCode ? null : throw new InvalidOperationException($"confirm {region}: {(int)response.StatusCode}");
            });
        }

        var summary = (await Until(v => v.RuntimeStatus == "Completed")).Summary!;

        // The statements upload is audited (each upload is its own action) and each confirmation exactly once, by its official.
        var entries = new List<(string? User, string? Action, string? Details)>();
        await foreach (var row in storage.Tables.GetTableClient(StorageNames.AuditTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {start.InstanceId}")))
        {
            entries.Add((row.GetString("User"), row.GetString("Action"), row.GetString("Details")));
        }

        var unaudited = new List<string>();
        if (!entries.Contains(("chaos.fund", "fund.statements", null)))
        {
            unaudited.Add($"fund.statements {year}");
        }

        foreach (var region in new[] { "R01", "R02", "R03" })
        {
            var count = entries.Count(e => e == ("chaos.finance", "fund.transfer.confirm", region));
            if (count != 1)
            {
                unaudited.Add($"fund.transfer.confirm {region} ({count} entries)");
            }
        }

        return (summary, unaudited);
    }

    /// <summary>
    /// The new-item figures of each run and the outcome of each case side by side; a problem for any case whose outcome,
    /// any official whose decisions or any hospital whose position differs from the undisturbed run, for a duplicated
    /// application, a decision the tables do not hold as the harness took it, or one missing from the audit trail.
    /// </summary>
    private static void PrintNewItems(IReadOnlyList<RunResult> runs, List<string> problems)
    {
        var calm = runs[0].NewItems;
        static string Tally(IReadOnlyDictionary<string, int> counts) => string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));
        Console.WriteLine();
        Console.WriteLine($"New-item applications ({NewItemRun.CaseCount} cases per run, alongside the campaign):");
        foreach (var run in runs)
        {
            var figures = run.NewItems;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {run.Name,-7} {figures.ApplicationsCreated} applications ({run.ApplicationInstances} workflows), {figures.DecisionsRecorded} decisions recorded of {figures.DecisionsMade} taken ({Tally(figures.RecordedByOfficial)}), {figures.RepeatedCalls} repeated after a lost answer, {run.InTrial} in trial"));
            problems.AddRange(figures.Problems.Select(p => $"{run.Name}: new items: {p}"));
            if (figures.MissingAudit.Count > 0)
            {
                problems.Add($"{run.Name}: no audit entry for {string.Join(", ", figures.MissingAudit)}.");
            }

            if (figures.ApplicationsCreated != NewItemRun.CaseCount || run.ApplicationInstances != NewItemRun.CaseCount)
            {
                problems.Add($"{run.Name}: {figures.ApplicationsCreated} applications and {run.ApplicationInstances} workflows for {NewItemRun.CaseCount} cases.");
            }

            if (figures.DecisionsRecorded != figures.DecisionsMade || Tally(figures.RecordedByOfficial) != Tally(figures.DecisionsByOfficial))
            {
                problems.Add($"{run.Name}: the tables hold {figures.DecisionsRecorded} decisions ({Tally(figures.RecordedByOfficial)}), the officials took {figures.DecisionsMade} ({Tally(figures.DecisionsByOfficial)}).");
            }

            if (run.InTrial != figures.Outcomes.Values.Count(o => o.StartsWith("Trial", StringComparison.Ordinal)))
            {
                problems.Add($"{run.Name}: {run.InTrial} applications wait on their trial timer, {figures.Outcomes.Values.Count(o => o.StartsWith("Trial", StringComparison.Ordinal))} reached the trial.");
            }

            if (!ReferenceEquals(figures, calm))
            {
                problems.AddRange(figures.Outcomes.Where(o => calm.Outcomes.GetValueOrDefault(o.Key) != o.Value).Select(o => $"{run.Name}: new-item case {o.Key} ended {o.Value}, undisturbed {calm.Outcomes.GetValueOrDefault(o.Key)}."));
                problems.AddRange(figures.Positions.Where(p => calm.Positions.GetValueOrDefault(p.Key) != p.Value).Select(p => $"{run.Name}: hospital {p.Key}'s position is {p.Value}, undisturbed {calm.Positions.GetValueOrDefault(p.Key)}."));
                if (Tally(figures.RecordedByOfficial) != Tally(calm.RecordedByOfficial))
                {
                    problems.Add($"{run.Name}: decisions by official {Tally(figures.RecordedByOfficial)}, undisturbed {Tally(calm.RecordedByOfficial)}.");
                }
            }
        }

        Console.WriteLine("  case  " + string.Concat(runs.Select(r => $"{r.Name,-40}")));
        foreach (var number in calm.Outcomes.Keys.Order())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {number,4}  ") + string.Concat(runs.Select(r => $"{r.NewItems.Outcomes.GetValueOrDefault(number),-40}")));
        }

        Console.WriteLine("  market-regulated positions (items, revenue): " + string.Join("; ", calm.Positions.Select(p => $"H{p.Key:D2} {p.Value}")));
    }

    /// <summary>The published figures without the campaign id: league by league, and the regional totals.</summary>
    private static string Fingerprint(CampaignSummary summary) => JsonSerializer.Serialize(new
    {
        summary.Outcome, summary.Leagues, summary.AdoptedItems, summary.SkippedItems, summary.RegionalBiddingBudget, summary.RegionalNet,
        Files = summary.ResultFiles.Select(f => f.Replace(summary.CampaignId, "{campaign}", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
    });
}

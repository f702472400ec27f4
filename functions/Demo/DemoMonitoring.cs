using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Domain.Bidding;
using Serverless.Domain.Monitoring;
using Serverless.Functions.Hosting;
using Serverless.Functions.Monitoring;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Functions.Demo;

/// <summary>
/// The demo's year of monitoring (<c>--monitoring</c>): every league/city bureau uploads its baseline year and the
/// four monitored quarters (the sample's deviating and volume-conflict items included), except the last league, whose
/// first quarter comes only after it was reminded and escalated; then the dashboard and the evaluation are printed.
/// </summary>
public static class DemoMonitoring
{
    public static async Task RunAsync(HttpClient http, StorageClients storage, SampleCampaign sample, string campaignId, Stopwatch clock, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(clock);
        var view = await WaitAsync(http, campaignId, v => v is not null);
        var container = storage.Blobs.GetBlobContainerClient(StorageNames.MonitoringContainer);
        var leagues = sample.Scope.Leagues.Select(l => l.Code).ToList();
        var late = leagues[^1];
        var quarters = view.Quarters.Select(q => MonitoringQuarter.TryParse(q.Quarter, out var quarter) ? quarter : throw new InvalidOperationException(q.Quarter)).ToList();
        output.WriteLine($"[{clock.Elapsed:mm\\:ss}] monitoring from {view.EffectiveDate:yyyy-MM-dd}: {string.Join(", ", quarters)}; a day lasts {DemoOptions.MonitoringDayMilliseconds} ms; {late.Value} will be late with {quarters[0]}");

        Task Upload(LeagueCode league, MonitoringQuarter quarter) => container.GetBlobClient($"{league.Value}/{quarter}.xlsx")
            .UploadAsync(new BinaryData(SampleMonitoring.Workbook(sample.Catalog, league, quarter, 3)), overwrite: true);
        await Parallel.ForEachAsync(leagues.SelectMany(l => quarters.SelectMany(q => new[] { (l, q.AddYears(-1)), (l, q) })).Where(u => u != (late, quarters[0])),
            new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (u, _) => await Upload(u.Item1, u.Item2));
        output.WriteLine($"[{clock.Elapsed:mm\\:ss}] uploaded {leagues.Count} leagues/cities' baseline and monitored quarters, but for {late.Value} {quarters[0]}");

        view = await WaitAsync(http, campaignId, v => v!.Notices.Any(n => n.Kind == "monitoring-escalation"));
        foreach (var notice in view.Notices)
        {
            output.WriteLine($"[{clock.Elapsed:mm\\:ss}] notice {notice.Kind} to {notice.Recipient}: {notice.TextZh}");
        }

        // Blob creation times are whole seconds: upload a second and more after the quarter turned late, or it looks on time.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await Upload(late, quarters[0]);
        view = await WaitAsync(http, campaignId, v => v!.Quarters.All(q => q.Leagues.All(l => l.Received)));
        output.WriteLine();
        output.WriteLine("quarter  league  name           fit  deviating  conflicts  late");
        foreach (var quarter in view.Quarters)
        {
            foreach (var league in quarter.Leagues)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{quarter.Quarter,-8} {league.League,-7} {league.Name,-10} {league.Fit?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-",8} {league.Deviating,10} {league.Conflicts,10}  {(league.Late ? "late" : "")}"));
            }
        }

        var evaluation = await http.GetFromJsonAsync<List<LeagueEvaluation>>($"/api/campaigns/{campaignId}/monitoring/evaluation", Workflows.Json) ?? [];
        foreach (var league in evaluation)
        {
            output.WriteLine($"evaluation {league.League.Value} {league.LeagueName}: {league.Candidates.Count} priority candidates ({string.Join(", ", league.Candidates.Take(5).Select(c => c.Item.Value))}{(league.Candidates.Count > 5 ? ", …" : "")})");
        }

        output.WriteLine($"[{clock.Elapsed:mm\\:ss}] monitoring reports in 'results/{campaignId}/monitoring/'; dashboard at /api/campaigns/{campaignId}/monitoring");
    }

    /// <summary>
    /// Polls the dashboard until <paramref name="done"/> holds (the demo and the tests wait this way). A monitoring that
    /// failed or was stopped ends the wait at once; a timeout says what the dashboard last showed.
    /// </summary>
    public static async Task<MonitoringView> WaitAsync(HttpClient http, string campaignId, Func<MonitoringView?, bool> done, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
        var last = string.Empty;
        while (DateTimeOffset.UtcNow < deadline)
        {
            using var response = await http.GetAsync(new Uri($"api/campaigns/{campaignId}/monitoring", UriKind.Relative));
            last = await response.Content.ReadAsStringAsync();
            var view = response.StatusCode == HttpStatusCode.OK ? JsonSerializer.Deserialize<MonitoringView>(last, Workflows.Json) : null;
            if (view is not null && view.Phase is not ("Monitoring" or "Closed"))
            {
                throw new InvalidOperationException($"The monitoring of {campaignId} ended {view.Phase}.");
            }

            if (view is not null && done(view))
            {
                return view;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The monitoring of {campaignId} did not get there in time; last seen: {last}");
    }
}

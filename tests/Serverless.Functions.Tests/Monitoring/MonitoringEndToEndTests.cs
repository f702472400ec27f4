using System.Net;
using System.Net.Http.Json;
using Serverless.Azurite;
using Serverless.Domain.Bidding;
using Serverless.Domain.Monitoring;
using Serverless.Domain.Tabular;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Functions.Bidding;
using Serverless.Functions.Demo;
using Serverless.Functions.Hosting;
using Serverless.Functions.Monitoring;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Functions.Tests.Monitoring;

/// <summary>
/// Issue 21's proof on Azurite: a campaign completes, its monitoring starts on a compressed calendar (a day lasts
/// <see cref="DayMilliseconds"/>), four quarters are uploaded by blob — one late, one with bad rows, one re-uploaded —
/// the late league is reminded and escalated and no other is, and every figure and the evaluation equal the domain
/// library's on the same workbooks.
/// </summary>
public sealed class MonitoringEndToEndTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private const int DayMilliseconds = 300;
    private static readonly string[] Quarters = ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"];

    [Fact]
    public async Task A_year_of_quarters_is_assessed_as_the_domain_computes_with_the_late_league_reminded_and_escalated()
    {
        await using var app = await TestApps.StartAsync(fixture);
        using var http = TestTokens.Client(new Uri(app.Urls.First()), Roles.PriceOffice);
        var storage = app.Services.GetRequiredService<StorageClients>();
        var campaignId = UniqueNames.Unique("mon");
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 5, Leagues: 2, HospitalsPerLeague: 5, Items: 24, BadRowShare: 0));
        var expected = await RunCampaignAsync(http, storage, campaignId, sample);
        var (onTime, late) = (sample.Scope.Leagues[0].Code, sample.Scope.Leagues[1].Code);

        var view = await WaitForAsync(http, campaignId, v => v is not null);
        Assert.Equal(Quarters, view.Quarters.Select(q => q.Quarter));
        var monitoring = storage.Blobs.GetBlobContainerClient(StorageNames.MonitoringContainer);
        var sent = new Dictionary<(LeagueCode, string), byte[]>();
        async Task UploadAsync(LeagueCode league, string quarter, byte[] content)
        {
            await monitoring.GetBlobClient($"{league.Value}/{quarter}.xlsx").UploadAsync(new BinaryData(content), overwrite: true);
            sent[(league, quarter)] = content;
        }

        MonitoringQuarter Q(string text) => MonitoringQuarter.TryParse(text, out var q) ? q : throw new ArgumentException(text);
        byte[] Sample(LeagueCode league, string quarter, double bad = 0, double factor = 1) => SampleMonitoring.Workbook(sample.Catalog, league, Q(quarter), 3, bad, factor);

        // The baseline year's quarters, then every quarter for the punctual league (its Q1 with bad rows), Q2–Q4 for the other.
        foreach (var league in new[] { onTime, late })
        {
            foreach (var quarter in Quarters)
            {
                await UploadAsync(league, Q(quarter).AddYears(-1).ToString(), Sample(league, Q(quarter).AddYears(-1).ToString()));
                if (league != late || quarter != Quarters[0])
                {
                    await UploadAsync(league, quarter, Sample(league, quarter, bad: quarter == Quarters[0] ? 0.2 : 0));
                }
            }
        }

        await UploadAsync(onTime, "2031-Q1", Sample(onTime, "2027-Q1"));
        view = await WaitForAsync(http, campaignId, v => v!.Quarters.Sum(q => q.Leagues.Count(l => l.Received)) == 7);

        // A re-upload replaces the quarter and recomputes it.
        await UploadAsync(onTime, Quarters[1], Sample(onTime, Quarters[1], factor: 0.4));
        await WaitForAsync(http, campaignId, v => v!.Quarters[1].Leagues.Single(l => l.League == onTime.Value).UploadedAt > view.Quarters[1].Leagues.Single(l => l.League == onTime.Value).UploadedAt);

        // The league still missing Q1 is reminded, then escalated to the price office; nobody else is.
        view = await WaitForAsync(http, campaignId, v => v!.Notices.Any(n => n.Kind == "monitoring-escalation"));
        Assert.Equal(
            [("monitoring-reminder", MonitoringActivities.LeagueBureau(late.Value), Quarters[0]), ("monitoring-escalation", Roles.PriceOffice, Quarters[0])],
            view.Notices.Select(n => (n.Kind, n.Recipient, n.Quarter)));
        Assert.All(view.Notices, n => Assert.Equal(late.Value, n.League));
        // Blob creation times are whole seconds: upload a second and more after the quarter turned late.
        var lateAfter = view.Quarters[0].EscalationUtc.AddSeconds(1.5) - DateTimeOffset.UtcNow;
        await Task.Delay(lateAfter > TimeSpan.Zero ? lateAfter : TimeSpan.Zero);
        await UploadAsync(late, Quarters[0], Sample(late, Quarters[0]));
        view = await WaitForAsync(http, campaignId, v => v!.Quarters[0].Leagues.All(l => l.Received));

        var q1 = view.Quarters[0].Leagues.ToDictionary(l => l.League);
        Assert.Equal((false, true), (q1[onTime.Value].Late, q1[late.Value].Late));
        Assert.True(q1[onTime.Value].RejectedRows > 0);
        Assert.Equal(0, q1[late.Value].RejectedRows);

        // Every league-quarter equals the domain library on the same workbooks, with the baseline quarter's hospitals.
        var reader = new WorkbookReader();
        MonitoringWorkbook Read(LeagueCode league, string quarter)
        {
            var sheets = reader.ReadSheets(new MemoryStream(sent[(league, quarter)]), $"{league.Value}-{quarter}.xlsx", MonitoringSheets.Sheets);
            return MonitoringSheets.Read(sample.Catalog, league, sheets[0].Sheet, sheets[1].Sheet, sheets.SelectMany(s => s.Issues));
        }

        var reports = new List<LeagueQuarterReport>();
        foreach (var league in new[] { onTime, late })
        {
            foreach (var quarter in Quarters)
            {
                var domain = QuarterAssessment.Assess(sample.Catalog, expected.Leagues.Single(l => l.League == league), Q(quarter), Read(league, quarter),
                    Read(league, Q(quarter).AddYears(-1).ToString()).Operations, MonitoringParameters.Default);
                var served = await http.GetFromJsonAsync<LeagueQuarterReport>($"/api/campaigns/{campaignId}/monitoring/{quarter}/leagues/{league.Value}", Workflows.Json);
                Assert.Equal((domain.Fit, domain.TotalPredicted, domain.TotalActual), (served!.Fit, served.TotalPredicted, served.TotalActual));
                Assert.Equal(domain.Items.Select(i => (i.Item, i.Actual, i.Deviating, i.VolumeConflict)), served.Items.Select(i => (i.Item, i.Actual, i.Deviating, i.VolumeConflict)));
                Assert.Equal(domain.Hospitals, served.Hospitals);
                var row = view.Quarters.Single(q => q.Quarter == quarter).Leagues.Single(l => l.League == league.Value);
                Assert.Equal((domain.Fit, domain.TotalActual.RoundToFen().Value, domain.DeviatingCount), (row.Fit, row.TotalActual, row.Deviating));
                reports.Add(domain);
            }
        }

        Assert.Contains(reports, r => r.DeviatingCount > 0);
        Assert.Contains(reports, r => r.ConflictCount > 0);
        Assert.NotNull(reports[0].Hospitals[0].ServiceShareChangePoints);

        // The evaluation lists what the domain lists; the sample's halving items are flagged every quarter.
        var evaluation = await http.GetFromJsonAsync<List<LeagueEvaluation>>($"/api/campaigns/{campaignId}/monitoring/evaluation", Workflows.Json);
        var domainEvaluation = MonitoringEvaluation.Evaluate(reports, expected.Leagues.Select(l => (l.League, l.Budget.Name)), Q(Quarters[^1]), MonitoringParameters.Default);
        Assert.Equal(domainEvaluation.Select(e => (e.League, string.Join(",", e.Candidates.Select(c => c.Item.Value)))), evaluation!.Select(e => (e.League, string.Join(",", e.Candidates.Select(c => c.Item.Value)))));
        Assert.NotEmpty(evaluation![0].Candidates);

        // The price office starts the next campaign's scope from the punctual league's candidates, at the prices now in force.
        var nextId = UniqueNames.Unique("next");
        var nextScope = $"/api/campaigns/{campaignId}/monitoring/evaluation/next-scope";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync(nextScope, new NextScopeRequest(nextId, [onTime.Value]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync(nextScope, new NextScopeRequest(nextId, [onTime.Value]))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync(nextScope, new NextScopeRequest(nextId))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync(nextScope, new NextScopeRequest(UniqueNames.Unique("next"), ["NOPE"]))).StatusCode);
        Assert.NotEmpty(await http.GetByteArrayAsync($"/api/campaigns/{nextId}/scope"));
        var drafted = (await app.Services.GetRequiredService<ScopeCache>().ReadAsync(nextId, CancellationToken.None)).Scope!;
        var domainDraft = NextScope.Draft(sample.Scope, expected, domainEvaluation, [onTime])!;
        Assert.Equal(domainDraft.Items.Select(i => i.Code), drafted.Items.Select(i => i.Code));
        Assert.Equal(domainDraft.CurrentPrices, drafted.CurrentPrices);
        Assert.Equal([onTime], drafted.Leagues.Select(l => l.Code));
        Assert.Contains(drafted.CurrentPrices, p => p.Tier3 != sample.Scope.CurrentPrices.Single(o => o.League == p.League && o.Item == p.Item).Tier3);

        // The next complex review's report lists the same fits and candidates, league by league.
        var review = await ((Serverless.Functions.Reviews.ReviewActivities)app.Services.GetService(typeof(Serverless.Functions.Reviews.ReviewActivities))!)
            .WriteReportAsync(new Serverless.Functions.Reviews.ReportWork(new Serverless.Functions.Reviews.ReviewStart(2028, Serverless.Functions.Reviews.ReviewKinds.Complex,
                Serverless.Domain.Reviews.ReviewParameters.Default), new DateOnly(2028, 3, 1), []), CancellationToken.None);
        var reportBytes = await new CampaignStore(storage).DownloadAsync(StorageNames.ResultsContainer, Serverless.Functions.Reviews.ReviewStore.ReportBlob(2028, Serverless.Functions.Reviews.ReviewKinds.Complex), CancellationToken.None);
        var listed = new WorkbookReader().ReadSheet(new MemoryStream(reportBytes!), "report.xlsx", new SheetSpec(Serverless.Spreadsheets.Writing.ReviewWorkbooks.MonitoringSheet, Serverless.Spreadsheets.Writing.ReviewWorkbooks.MonitoringSheet,
            [new ColumnSpec("campaign", "批次", "批次", true), new ColumnSpec("league", "盟市编码", "盟市编码", true), new ColumnSpec("item", "优先纳入项目编码", "优先纳入项目编码", false)]));
        Assert.Empty(listed.Issues);
        Assert.Equal(
            domainEvaluation.SelectMany(e => e.Candidates.Count == 0 ? [(e.League.Value, (string?)null)] : e.Candidates.Select(c => (e.League.Value, (string?)c.Item.Value))),
            listed.Sheet!.Rows.Select(r => (r.Cells[1]!, string.IsNullOrEmpty(r.Cells[2]) ? null : r.Cells[2])));
        Assert.All(listed.Sheet.Rows, r => Assert.Equal(campaignId, r.Cells[0]));
        Assert.NotNull(review.ReportBlob);

        // The reports beside the uploads and the league and regional workbooks; the quarter no monitoring takes is refused.
        var files = new CampaignStore(storage);
        Assert.NotEmpty(await files.ListAsync(StorageNames.ReportsContainer, $"monitoring/{onTime.Value}/2027-Q1/validation-", CancellationToken.None));
        Assert.Equal(2, (await files.ListAsync(StorageNames.ReportsContainer, $"monitoring/{onTime.Value}/{Quarters[1]}/validation-", CancellationToken.None)).Count);
        Assert.NotEmpty(await files.ListAsync(StorageNames.ReportsContainer, $"monitoring/{onTime.Value}/2031-Q1/refused-", CancellationToken.None));
        Assert.NotNull(await files.DownloadAsync(StorageNames.ResultsContainer, MonitoringStore.RegionalReportBlob(campaignId, Quarters[0]), CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/campaigns/{campaignId}/results/monitoring/{Quarters[0]}/{late.Value}.xlsx")).StatusCode);
        await app.StopAsync();
    }

    /// <summary>Runs the sample campaign to completion with every hospital bidding in both rounds; returns the domain's result on the same workbooks.</summary>
    private static async Task<CampaignResult> RunCampaignAsync(HttpClient http, StorageClients storage, string campaignId, SampleCampaign sample)
    {
        var bids = storage.Blobs.GetBlobContainerClient(StorageNames.BidsContainer);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync($"/api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaignId, 300, MonitoringDayMilliseconds: DayMilliseconds))).StatusCode);
        var reader = new WorkbookReader();
        var results = new Dictionary<int, List<BidWorkbookResult>> { [1] = [], [2] = [] };
        foreach (var round in new[] { 1, 2 })
        {
            await WaitForCampaignAsync(http, campaignId, $"Round{round}");
            foreach (var hospital in sample.Bidders.Select(h => h.Code))
            {
                var content = sample.BidWorkbook(hospital, round);
                await bids.GetBlobClient(CampaignStore.UploadBlob(campaignId, round, hospital.Value)).UploadAsync(new BinaryData(content), overwrite: true);
                var read = reader.ReadSheet(new MemoryStream(content), $"{hospital.Value}.xlsx", WorkbookSchemas.Bids);
                var first = round == 2 ? results[1].Single(r => r.Hospital == hospital).Accepted.ToDictionary(p => p.Item) : null;
                results[round].Add(BidValidator.Validate(sample.Catalog, hospital, round, $"{hospital.Value}.xlsx", read.Sheet, read.Issues, first));
            }
        }

        await WaitForCampaignAsync(http, campaignId, "Completed");
        return PriceAdoption.Adopt(sample.Catalog, FinalProposals.Merge(results[1], results[2]));
    }

    private static async Task WaitForCampaignAsync(HttpClient http, string campaignId, string phase)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while ((await http.GetFromJsonAsync<CampaignStatus>($"/api/campaigns/{campaignId}", Workflows.Json, timeout.Token)) is not { } status
            || (status.Progress?.Phase != phase && status.RuntimeStatus != phase))
        {
            await Task.Delay(200, timeout.Token);
        }
    }

    private static Task<MonitoringView> WaitForAsync(HttpClient http, string campaignId, Func<MonitoringView?, bool> done)
        => DemoMonitoring.WaitAsync(http, campaignId, done, TimeSpan.FromMinutes(2));
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Azurite;
using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;
using Xunit.Abstractions;

namespace Serverless.Functions.Tests.Bidding;

/// <summary>Issue 20's API for the console, read over HTTP from one completed campaign.</summary>
public sealed class CampaignApiTests(CompletedCampaign campaign, ITestOutputHelper output) : IClassFixture<CompletedCampaign>
{
    [Fact]
    public void Each_rounds_totals_survive_the_next_phase_and_completion()
    {
        var invited = campaign.Bidders.Count;
        RoundProgress Expected(int round, IReadOnlyList<BidWorkbookResult> results)
            => new(round, default, false, invited, results.Count(r => !r.IsRejected), results.Sum(r => r.ValidRowCount), results.Sum(r => r.RejectedRowCount), results.Count(r => r.IsRejected));
        var roundOne = Expected(1, campaign.RoundOne);
        var roundTwo = Expected(2, campaign.RoundTwo);

        var inRoundTwo = campaign.InRoundTwo.Progress!;
        Assert.Equal([1, 2], inRoundTwo.Rounds.Select(r => r.Round));
        Assert.Equal(roundOne, inRoundTwo.Rounds[0] with { DeadlineUtc = default });

        var completed = campaign.Completed.Progress!;
        Assert.Equal("Completed", completed.Phase);
        Assert.Equal([roundOne, roundTwo], completed.Rounds.Select(r => r with { DeadlineUtc = default }));
        Assert.Equal((2, invited, roundTwo.Submitted, roundTwo.ValidRows, roundTwo.RejectedRows),
            (completed.Round, completed.Invited, completed.Submitted, completed.ValidRows, completed.RejectedRows));
        Assert.True(completed.Rounds[1].DeadlineUtc > completed.Rounds[0].DeadlineUtc);
        Assert.Equal(completed.Rounds, campaign.Completed.Summary!.Rounds);
    }

    [Fact]
    public void The_summary_carries_the_regional_saving_and_used_by_rises()
    {
        var summary = campaign.Completed.Summary!;

        Assert.Equal(campaign.Expected.TotalSaving.RoundToFen().Value, summary.RegionalSaving);
        Assert.Equal(campaign.Expected.TotalUsedByRises.RoundToFen().Value, summary.RegionalUsedByRises);
        Assert.Equal(summary.RegionalNet, summary.RegionalUsedByRises - summary.RegionalSaving);
    }

    [Fact]
    public async Task A_hospital_sees_each_rounds_deadline_but_none_of_the_counts()
    {
        using var http = campaign.Client(Roles.Hospital, campaign.Bidders[0].Value);

        var status = await http.GetFromJsonAsync<CampaignStatus>($"/api/campaigns/{campaign.CampaignId}", Workflows.Json);

        Assert.Null(status!.Summary);
        Assert.Equal(campaign.Completed.Progress!.Rounds.Select(r => r.DeadlineUtc), status.Progress!.Rounds.Select(r => r.DeadlineUtc));
        Assert.All(status.Progress.Rounds, r => Assert.Equal((0, 0, 0, 0, 0), (r.Invited, r.Submitted, r.ValidRows, r.RejectedRows, r.RejectedFiles)));
    }

    [Fact]
    public async Task League_results_as_json_are_the_domain_ranking_a_page_at_a_time()
    {
        using var http = campaign.Client(Roles.PriceOffice);
        var expected = campaign.Expected.Leagues[0];
        var league = expected.League.Value;

        var pages = new List<LeagueResults>();
        for (var page = 1; pages.Count == 0 || pages[^1].Items.Items.Count > 0; page++)
        {
            pages.Add((await http.GetFromJsonAsync<LeagueResults>($"/api/campaigns/{campaign.CampaignId}/results/leagues/{league}?page={page}&pageSize=5", Workflows.Json))!);
        }

        Assert.True(expected.Rows.Count > 5);
        Assert.All(pages, p => Assert.Equal((league, expected.Budget.Name, 2, expected.Rows.Count, 5), (p.League, p.Name, p.Round, p.Items.Total, p.Items.Size)));
        Assert.Equal(expected.Rows.Select(GuidePriceView.From), pages.SelectMany(p => p.Items.Items));
        Assert.Equal(Enumerable.Range(1, expected.Rows.Count), pages.SelectMany(p => p.Items.Items).Select(i => i.Rank));
    }

    [Fact]
    public async Task League_results_are_written_when_adopted_and_served_from_that_blob_or_else_written_by_the_first_request()
    {
        using var http = campaign.Client(Roles.PriceOffice);
        var expected = campaign.Expected.Leagues[^1];
        var league = expected.League.Value;
        var store = new CampaignStore(StorageClients.FromConnectionString(campaign.ConnectionString, campaign.TaskHub));
        var blob = store.Container(StorageNames.WorkContainer).GetBlobClient(CampaignStore.LeagueResultsBlob(campaign.CampaignId, 2, league));
        var url = $"/api/campaigns/{campaign.CampaignId}/results/leagues/{league}?pageSize=500";

        // The adoption activity wrote the league's items as the domain ranks them.
        Assert.Equal(expected.Rows.Select(GuidePriceView.From), await store.LoadLeagueResultsAsync(campaign.CampaignId, 2, league, CancellationToken.None));

        // What the blob holds is what the endpoint answers: it does not rank again.
        var original = (await blob.DownloadContentAsync()).Value.Content;
        var first = expected.Rows.Select(GuidePriceView.From).First();
        await blob.UploadAsync(BinaryData.FromObjectAsJson<GuidePriceView[]>([first with { ItemName = "已存的结果" }], Workflows.Json), overwrite: true);
        Assert.Equal(["已存的结果"], (await http.GetFromJsonAsync<LeagueResults>(url, Workflows.Json))!.Items.Items.Select(i => i.ItemName));

        // Without the blob (a campaign published before it was written), the first request ranks and writes it; later ones read it.
        await blob.DeleteAsync();
        Assert.Equal(expected.Rows.Select(GuidePriceView.From), (await http.GetFromJsonAsync<LeagueResults>(url, Workflows.Json))!.Items.Items);
        Assert.Equal(original.ToArray(), (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task Round_one_reference_prices_are_written_when_round_one_closes()
    {
        var store = new CampaignStore(StorageClients.FromConnectionString(campaign.ConnectionString, campaign.TaskHub));
        var provisional = PriceAdoption.Provisional(campaign.Sample.Catalog, campaign.RoundOne.Where(r => !r.IsRejected).SelectMany(r => r.Accepted));

        foreach (var league in provisional.Leagues)
        {
            Assert.Equal(league.Rows.Select(GuidePriceView.From), await store.LoadLeagueResultsAsync(campaign.CampaignId, 1, league.League.Value, CancellationToken.None));
        }
    }

    /// <summary>Not a timed assertion: the figures for the report, a league/city's items ranked on request (as before) and read from their blob.</summary>
    [Fact]
    public async Task League_results_request_time_ranked_on_request_and_read_from_the_blob()
    {
        using var http = campaign.Client(Roles.PriceOffice);
        var league = campaign.Expected.Leagues[0].League.Value;
        var blob = new CampaignStore(StorageClients.FromConnectionString(campaign.ConnectionString, campaign.TaskHub))
            .Container(StorageNames.WorkContainer).GetBlobClient(CampaignStore.LeagueResultsBlob(campaign.CampaignId, 2, league));
        var url = $"/api/campaigns/{campaign.CampaignId}/results/leagues/{league}?pageSize=500";
        async Task<double> TimeAsync()
        {
            var clock = Stopwatch.StartNew();
            (await http.GetAsync(url)).EnsureSuccessStatusCode();
            return clock.Elapsed.TotalMilliseconds;
        }

        await TimeAsync();
        var ranked = new List<double>();
        var read = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            await blob.DeleteAsync();
            ranked.Add(await TimeAsync());
            read.Add(await TimeAsync());
        }

        static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
        output.WriteLine($"{campaign.Sample.Options.Leagues} leagues × {campaign.Sample.Options.HospitalsPerLeague} hospitals × {campaign.Sample.Options.Items} items, "
            + $"{campaign.Expected.Leagues[0].Rows.Count} items in {league}: ranked on request (and written) median {Median(ranked):F1} ms, read from the blob median {Median(read):F1} ms");
        Assert.True(await blob.ExistsAsync());
    }

    [Fact]
    public async Task Round_one_reference_prices_as_json_are_the_provisional_ranking_of_the_round_one_bids()
    {
        using var http = campaign.Client(Roles.HealthCommission);
        var league = campaign.Expected.Leagues[^1].League;
        var expected = PriceAdoption.Provisional(campaign.Sample.Catalog, campaign.RoundOne.Where(r => !r.IsRejected).SelectMany(r => r.Accepted))
            .Leagues.Single(l => l.League == league);

        var results = await http.GetFromJsonAsync<LeagueResults>($"/api/campaigns/{campaign.CampaignId}/results/round-1/leagues/{league.Value}?pageSize=500", Workflows.Json);

        Assert.Equal((1, 1, expected.Rows.Count), (results!.Round, results.Items.Number, results.Items.Total));
        Assert.Equal(expected.Rows.Select(GuidePriceView.From), results.Items.Items);
    }

    [Theory]
    [InlineData("results/leagues/{league}?pageSize=501", 400, "out_of_bounds")]
    [InlineData("results/leagues/{league}?page=0", 400, "out_of_bounds")]
    [InlineData("results/round-1/leagues/L99", 404, "unknown_league")]
    public async Task League_results_refuse_a_page_out_of_bounds_and_an_unknown_league_with_a_code(string path, int status, string code)
    {
        using var http = campaign.Client(Roles.PriceOffice);

        using var response = await http.GetAsync($"/api/campaigns/{campaign.CampaignId}/{path.Replace("{league}", campaign.Expected.Leagues[0].League.Value, StringComparison.Ordinal)}");

        await AssertProblemAsync(response, status, code);
    }

    [Fact]
    public async Task A_hospitals_reference_prices_as_json_are_the_rows_of_its_round_one_feedback_workbook_with_the_item_names_a_page_at_a_time()
    {
        var hospital = campaign.Bidders[1];
        using var http = campaign.Client(Roles.Hospital, hospital.Value);
        var catalog = campaign.Sample.Catalog;
        var provisional = PriceAdoption.Provisional(catalog, campaign.RoundOne.Where(r => !r.IsRejected).SelectMany(r => r.Accepted));
        var expected = HospitalFeedback.Build(catalog, campaign.RoundOne.Single(r => r.Hospital == hospital), provisional);

        var pages = new List<HospitalReferencePrices>();
        for (var page = 1; pages.Count == 0 || pages[^1].Items.Items.Count > 0; page++)
        {
            pages.Add((await http.GetFromJsonAsync<HospitalReferencePrices>($"/api/campaigns/{campaign.CampaignId}/hospitals/{hospital.Value}/reference-prices?page={page}&pageSize=5", Workflows.Json))!);
        }

        var items = pages.SelectMany(p => p.Items.Items).ToList();
        var league = catalog.Hospitals[hospital].League;
        Assert.True(expected.Rows.Count > 5);
        Assert.All(pages, p => Assert.Equal((league.Value, catalog.Leagues[league].Name, expected.Rows.Count, (string?)null), (p.League, p.LeagueName, p.Items.Total, p.RefusedZh)));
        Assert.Equal(expected.Rows.Select(r => (r.RowNumber, r.ItemCode, r.ProposedPrice, r.IsValid, r.Tier3Price?.Value, r.PriceAtHospitalTier?.Value, r.Rank)),
            items.Select(i => (i.Row, i.Item, i.ProposedPrice, i.IsValid, i.ReferenceTier3Price, i.ReferencePriceAtTier, i.Rank)));
        Assert.Contains(items, i => i.ReferenceTier3Price is not null);
        Assert.All(items.Where(i => i.Item is { } code && catalog.Items.ContainsKey(new ItemCode(code))), i => Assert.Equal(catalog.Items[new ItemCode(i.Item!)].Name, i.ItemName));

        // The same figures as the feedback workbook the hospital downloads.
        var workbook = await http.GetByteArrayAsync($"/api/campaigns/{campaign.CampaignId}/results/round-1/feedback/{hospital.Value}.xlsx");
        var spec = new SheetSpec("反馈", "feedback", [new("row", "行号", "row", true), new("item_code", "项目编码", "item_code", true), new("reference", "参考价格", "reference", true), new("at_tier", "本院等级价格", "at_tier", true)], FallbackToFirstSheet: true);
        var read = new WorkbookReader().ReadSheet(new MemoryStream(workbook), "feedback.xlsx", spec);
        static decimal? Money(string? cell) => string.IsNullOrEmpty(cell) ? null : decimal.Parse(cell, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(read.Sheet!.Rows.Select(r => (int.Parse(r.Cells[0]!, System.Globalization.CultureInfo.InvariantCulture), Money(r.Cells[2]), Money(r.Cells[3]))),
            items.Select(i => (i.Row, i.ReferenceTier3Price, i.ReferencePriceAtTier)));
    }

    [Theory]
    [InlineData(Roles.Hospital, "{own}", "?pageSize=501", 400, "out_of_bounds")]
    [InlineData(Roles.PriceOffice, "H99999", "", 404, "not_invited")]
    [InlineData(Roles.PriceOffice, "{own}", "", 200, null)]
    public async Task A_hospitals_reference_prices_are_refused_out_of_bounds_or_for_a_hospital_not_invited_and_officials_read_them(string role, string hospital, string query, int status, string? code)
    {
        var own = campaign.Bidders[0].Value;
        using var http = campaign.Client(role, role == Roles.Hospital ? own : null);

        using var response = await http.GetAsync($"/api/campaigns/{campaign.CampaignId}/hospitals/{hospital.Replace("{own}", own, StringComparison.Ordinal)}/reference-prices{query}");

        if (code is null)
        {
            Assert.Equal(status, (int)response.StatusCode);
            return;
        }

        await AssertProblemAsync(response, status, code);
    }

    [Fact]
    public async Task Another_hospitals_reference_prices_are_forbidden_and_none_are_published_before_round_one_closes()
    {
        using var http = campaign.Client(Roles.Hospital, campaign.Bidders[0].Value);

        using var other = await http.GetAsync($"/api/campaigns/{campaign.CampaignId}/hospitals/{campaign.Bidders[1].Value}/reference-prices");
        using var early = await http.GetAsync($"/api/campaigns/never-started/hospitals/{campaign.Bidders[0].Value}/reference-prices");

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        await AssertProblemAsync(early, 404, "results_not_published");
    }

    [Fact]
    public async Task League_results_of_a_campaign_whose_rounds_have_not_closed_are_not_published()
    {
        using var http = campaign.Client(Roles.PriceOffice);

        using var response = await http.GetAsync("/api/campaigns/never-started/results/leagues/L01");

        await AssertProblemAsync(response, 404, "results_not_published");
    }

    [Fact]
    public async Task Every_upload_of_a_hospital_has_its_report_listed_and_downloadable_by_that_hospital_and_officials()
    {
        var hospital = campaign.Bidders[0].Value;
        using var clerk = campaign.Client(Roles.Hospital, hospital);
        using var official = campaign.Client(Roles.ExpertPanel);
        var storage = StorageClients.FromConnectionString(campaign.ConnectionString, campaign.TaskHub);

        var reports = await clerk.GetFromJsonAsync<List<HospitalReport>>($"/api/campaigns/{campaign.CampaignId}/hospitals/{hospital}/reports", Workflows.Json);
        var seenByOfficial = await official.GetFromJsonAsync<List<HospitalReport>>($"/api/campaigns/{campaign.CampaignId}/hospitals/{hospital}/reports", Workflows.Json);

        // The broken file, then the round-1 workbook, then the round-2 one: three uploads, three validation reports.
        Assert.NotNull(reports);
        Assert.Equal([1, 1, 2], reports.Select(r => r.Round));
        Assert.All(reports, r => Assert.Equal(HospitalReportKind.Validation, r.Kind));
        Assert.Equal(reports, seenByOfficial);
        foreach (var report in reports)
        {
            var stored = await storage.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer)
                .GetBlobClient($"{CampaignStore.ReportFolder(campaign.CampaignId, report.Round, hospital)}/{report.Name}").DownloadContentAsync();
            Assert.Equal(stored.Value.Content.ToArray(), await clerk.GetByteArrayAsync(report.Url));
            Assert.Equal(stored.Value.Content.ToArray(), await official.GetByteArrayAsync(report.Url));
        }

        var first = (await clerk.GetFromJsonAsync<List<SubmissionView>>($"/api/campaigns/{campaign.CampaignId}/hospitals/{hospital}/submissions", Workflows.Json))!;
        // Each round's counted upload names one of the listed reports. (Two uploads in the same second list in either order:
        // blob times are whole seconds and the reports are named by the second and the ETag.)
        var listed = reports.Select(r => $"reports/{CampaignStore.ReportFolder(campaign.CampaignId, r.Round, hospital)}/{r.Name}").ToList();
        Assert.Equal([1, 2], first.Select(s => s.Round));
        Assert.All(first, s => Assert.Contains(s.ValidationReport, listed));
        Assert.Equal(2, first.Select(s => s.ValidationReport).Distinct().Count());
    }

    [Fact]
    public async Task A_hospital_downloads_its_bid_template_pre_filled_with_the_scope_items_and_its_tier_named_after_the_campaign()
    {
        var hospital = campaign.Sample.Bidders.First();
        using var clerk = campaign.Client(Roles.Hospital, hospital.Code.Value);

        using var response = await clerk.GetAsync($"/api/campaigns/{campaign.CampaignId}/rounds/2/template");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{campaign.CampaignId}-round-2-{hospital.Code.Value}-bid-template.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var read = new Serverless.Spreadsheets.Reading.WorkbookReader().ReadSheet(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), "template.xlsx", Serverless.Domain.Tabular.WorkbookSchemas.Bids);
        Assert.True(read.IsReadable);
        Assert.True(read.Sheet!.Has("withdraw"));
        var spec = Serverless.Domain.Tabular.WorkbookSchemas.Bids;
        Assert.Equal(campaign.Sample.Scope.Items.Select(i => i.Code.Value), read.Sheet.Rows.Select(r => r.Cells[spec.IndexOf("item_code")]));
        Assert.All(read.Sheet.Rows, r => Assert.Equal((hospital.Code.Value, ((int)hospital.Tier).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (r.Cells[spec.IndexOf("hospital_code")], r.Cells[spec.IndexOf("tier")])));
        var roundOne = new Serverless.Spreadsheets.Reading.WorkbookReader().ReadSheet(new MemoryStream(await clerk.GetByteArrayAsync($"/api/campaigns/{campaign.CampaignId}/rounds/1/template")), "t.xlsx", spec);
        Assert.False(roundOne.Sheet!.Has("withdraw"));
    }

    [Fact]
    public async Task A_bid_template_is_refused_to_officials_and_not_found_nor_the_campaign_listed_for_a_hospital_not_invited_or_a_round_not_opened_and_a_round_beyond_two_is_a_bad_request()
    {
        using var official = campaign.Client(Roles.PriceOffice);
        using var stranger = campaign.Client(Roles.Hospital, "H09999");
        using var clerk = campaign.Client(Roles.Hospital, campaign.Bidders[0].Value);

        Assert.Equal(HttpStatusCode.Forbidden, (await official.GetAsync($"/api/campaigns/{campaign.CampaignId}/rounds/1/template")).StatusCode);
        // The campaigns a hospital lists are those it is invited to.
        Assert.Contains(campaign.CampaignId, await clerk.GetStringAsync("/api/campaigns"), StringComparison.Ordinal);
        Assert.DoesNotContain(campaign.CampaignId, await stranger.GetStringAsync("/api/campaigns"), StringComparison.Ordinal);
        await AssertProblemAsync(await stranger.GetAsync($"/api/campaigns/{campaign.CampaignId}/rounds/1/template"), 404, "not_invited");
        Assert.Equal(HttpStatusCode.BadRequest, (await clerk.GetAsync($"/api/campaigns/{campaign.CampaignId}/rounds/3/template")).StatusCode);
        await AssertProblemAsync(await clerk.GetAsync("/api/campaigns/never-started/rounds/1/template"), 404, "round_not_opened");
    }

    [Fact]
    public async Task Another_hospital_is_refused_the_reports_and_an_unknown_report_is_not_found_with_a_code()
    {
        var hospital = campaign.Bidders[0].Value;
        using var other = campaign.Client(Roles.Hospital, campaign.Bidders[1].Value);
        using var clerk = campaign.Client(Roles.Hospital, hospital);
        var reports = await clerk.GetFromJsonAsync<List<HospitalReport>>($"/api/campaigns/{campaign.CampaignId}/hospitals/{hospital}/reports", Workflows.Json);

        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/campaigns/{campaign.CampaignId}/hospitals/{hospital}/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(reports![0].Url)).StatusCode);
        using var missing = await clerk.GetAsync($"/api/campaigns/{campaign.CampaignId}/hospitals/{hospital}/reports/1/validation-19990101T000000000Z.xlsx");
        await AssertProblemAsync(missing, 404, "report_not_found");
    }

    [Fact]
    public async Task A_hospitals_submissions_read_by_key_answer_as_the_scan_of_the_campaign_did()
    {
        using var http = campaign.Client(Roles.PriceOffice);
        var table = StorageClients.FromConnectionString(campaign.ConnectionString, campaign.TaskHub).Tables.GetTableClient(StorageNames.SubmissionsTable);
        var partition = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {campaign.CampaignId}")))
        {
            partition.Add(row);
        }

        foreach (var (hospital, index) in campaign.Bidders.Select((h, i) => (h.Value, i)))
        {
            var answer = await http.GetFromJsonAsync<List<SubmissionView>>($"/api/campaigns/{campaign.CampaignId}/hospitals/{hospital}/submissions", Workflows.Json);

            // What the endpoint answered when it scanned the campaign's whole partition and kept this hospital's rows.
            var scanned = partition.Where(r => r.GetString("Hospital") == hospital).Select(r => new SubmissionView(
                r.GetInt32("Round") ?? 0, r.GetDateTimeOffset("UploadedAt"), r.GetBoolean("Rejected") ?? false, r.GetString("RejectionReason"),
                r.GetInt32("ValidRows") ?? 0, r.GetInt32("RejectedRows") ?? 0, $"reports/{r.GetString("ReportBlob")}", $"archive/{r.GetString("ArchiveBlob")}"));
            Assert.Equal(scanned, answer);
            Assert.Equal([(1, campaign.RoundOne[index].ValidRowCount), (2, campaign.RoundTwo[index].ValidRowCount)], answer!.Select(s => (s.Round, s.ValidRows)));
        }
    }

    [Fact]
    public async Task The_key_range_of_a_hospital_holds_none_of_the_hospitals_whose_codes_it_begins()
    {
        var store = new CampaignStore(StorageClients.FromConnectionString(campaign.ConnectionString, campaign.TaskHub));
        var campaignId = UniqueNames.Unique("keys");
        foreach (var hospital in (string[])["H1", "H10", "H1-2", "H1_2", "H1z", "H"])
        {
            var submitted = new BidSubmitted(hospital, 1, $"{campaignId}/round-1/{hospital}/x.xlsx", DateTimeOffset.UnixEpoch);
            await store.SaveSubmissionAsync(campaignId, submitted, new SubmissionValidated(hospital, 1, false, 1, 0, "r.xlsx", null), "r.json", CancellationToken.None);
        }

        await store.SaveSubmissionAsync(campaignId, new BidSubmitted("H1", 2, $"{campaignId}/round-2/H1/x.xlsx", DateTimeOffset.UnixEpoch),
            new SubmissionValidated("H1", 2, false, 1, 0, "r.xlsx", null), "r.json", CancellationToken.None);

        var rows = await store.HospitalSubmissionsAsync(campaignId, "H1", CancellationToken.None);

        Assert.Equal([("H1", 1), ("H1", 2)], rows.Select(r => (r.Hospital, r.Round)));
        Assert.Empty(await store.HospitalSubmissionsAsync(campaignId, "H1|", CancellationToken.None));
    }

    [Fact]
    public async Task A_rounds_missing_hospitals_are_the_invited_ones_without_a_counted_workbook()
    {
        using var http = campaign.Client(Roles.PriceOffice);
        var store = new CampaignStore(StorageClients.FromConnectionString(campaign.ConnectionString, campaign.TaskHub));
        var campaignId = UniqueNames.Unique("miss");
        (await http.PutAsync($"/api/campaigns/{campaignId}/scope", new ByteArrayContent(campaign.Sample.ScopeWorkbook()))).EnsureSuccessStatusCode();
        var deadline = new DateTime(2027, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        await store.SaveRoundAsync(new RoundState(campaignId, 1, deadline, IsOpen: true, Extended: true), CancellationToken.None);
        async Task SubmitAsync(HospitalCode hospital, int second, bool rejected)
        {
            var submitted = new BidSubmitted(hospital.Value, 1, $"{campaignId}/round-1/{hospital.Value}/{second}.xlsx", DateTimeOffset.UnixEpoch.AddSeconds(second));
            await store.SaveSubmissionAsync(campaignId, submitted, new SubmissionValidated(hospital.Value, 1, rejected, rejected ? 0 : 3, 0, "r.xlsx", rejected ? "not a workbook" : null), "r.json", CancellationToken.None);
        }

        // Counted: the first hospital's workbook. Missing: a file rejected whole, a good workbook replaced by a broken one, no upload at all.
        var bidders = campaign.Bidders;
        await SubmitAsync(bidders[0], 1, rejected: false);
        await SubmitAsync(bidders[1], 1, rejected: true);
        await SubmitAsync(bidders[2], 1, rejected: false);
        await SubmitAsync(bidders[2], 2, rejected: true);

        var missing = await http.GetFromJsonAsync<RoundMissing>($"/api/campaigns/{campaignId}/rounds/1/missing", Workflows.Json);

        var catalog = campaign.Sample.Catalog;
        Assert.Equal((campaignId, 1, true, deadline, true, bidders.Count, 1), (missing!.CampaignId, missing.Round, missing.IsOpen, missing.DeadlineUtc, missing.Extended, missing.Invited, missing.Submitted));
        Assert.Equal(bidders.Skip(1).Select(h => new MissingHospital(h.Value, catalog.Hospitals[h].Name, catalog.Hospitals[h].League.Value, catalog.Leagues[catalog.Hospitals[h].League].Name)),
            missing.Hospitals);
        await AssertProblemAsync(await http.GetAsync($"/api/campaigns/{campaignId}/rounds/2/missing"), 404, "round_not_opened");
    }

    [Fact]
    public async Task The_campaign_and_console_endpoints_refuse_with_problem_details_and_a_code_at_the_same_status_as_before()
    {
        using var price = campaign.Client(Roles.PriceOffice);
        using var clerk = campaign.Client(Roles.Hospital, campaign.Bidders[0].Value);
        using var anonymous = new HttpClient { BaseAddress = campaign.BaseAddress };
        var store = new CampaignStore(StorageClients.FromConnectionString(campaign.ConnectionString, campaign.TaskHub));
        var id = campaign.CampaignId;
        var open = UniqueNames.Unique("open");
        var extended = UniqueNames.Unique("extended");
        var deadline = DateTime.UtcNow.AddHours(1);
        await store.SaveRoundAsync(new RoundState(open, 1, deadline, IsOpen: true, Extended: false), CancellationToken.None);
        await store.SaveRoundAsync(new RoundState(extended, 1, deadline, IsOpen: true, Extended: true), CancellationToken.None);

        await AssertProblemAsync(await price.PutAsync("/api/campaigns/bad.id/scope", new ByteArrayContent([1])), 400, "bad_campaign_id");
        await AssertProblemAsync(await price.PostAsJsonAsync("/api/campaigns", new CampaignStart("bad.id")), 400, "bad_campaign_id");
        await AssertProblemAsync(await price.PostAsJsonAsync("/api/campaigns", new CampaignStart(open, RoundWindowSeconds: 1)), 400, "bad_round_window");
        await AssertProblemAsync(await price.PostAsJsonAsync("/api/campaigns", new CampaignStart(open, MonitoringDayMilliseconds: 1)), 400, "bad_monitoring_day");
        await AssertProblemAsync(await price.PostAsJsonAsync("/api/campaigns", new CampaignStart(id)), 409, "campaign_exists");

        await AssertProblemAsync(await price.PostAsJsonAsync($"/api/campaigns/{open}/rounds/1/extend", new ExtendRequest(0, "理由")), 400, "bad_extension");
        await AssertProblemAsync(await price.PostAsJsonAsync($"/api/campaigns/{open}/rounds/1/extend", new ExtendRequest(60, new string('长', ExtendRequest.MaxReasonLength + 1))), 400, "reason_too_long");
        await AssertProblemAsync(await price.PostAsJsonAsync($"/api/campaigns/{open}/rounds/2/extend", new ExtendRequest(60, "理由")), 404, "round_not_opened");
        await AssertProblemAsync(await price.PostAsJsonAsync($"/api/campaigns/{extended}/rounds/1/extend", new ExtendRequest(60, "理由")), 409, "round_already_extended");
        await AssertProblemAsync(await price.PostAsJsonAsync($"/api/campaigns/{id}/rounds/2/extend", new ExtendRequest(60, "理由")), 409, "round_closed");

        await AssertProblemAsync(await clerk.PostAsync($"/api/campaigns/{id}/rounds/2/upload-url", null), 409, "round_not_open");
        await AssertProblemAsync(await clerk.PutAsync($"/api/campaigns/{id}/rounds/2/bids", new ByteArrayContent([1])), 409, "round_not_open");
        await AssertProblemAsync(await clerk.PutAsync("/api/campaigns/bad.id/rounds/1/bids", new ByteArrayContent([1])), 400, "unknown_round");
        await AssertProblemAsync(await clerk.PutAsync($"/api/campaigns/{open}/rounds/1/bids", new ByteArrayContent([])), 400, "empty_upload");
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/console/dev-signin", new { user = "nobody", role = "", hospital = (string?)null, label = "" }), 400, "unknown_dev_user");
    }

    [Fact]
    public async Task A_completed_campaign_misses_no_hospital_in_either_round_and_counts_as_its_progress_does()
    {
        using var http = campaign.Client(Roles.ExpertPanel);

        foreach (var round in campaign.Completed.Progress!.Rounds)
        {
            var missing = await http.GetFromJsonAsync<RoundMissing>($"/api/campaigns/{campaign.CampaignId}/rounds/{round.Round}/missing", Workflows.Json);

            Assert.Empty(missing!.Hospitals);
            Assert.Equal((false, round.DeadlineUtc, round.Invited, round.Submitted), (missing.IsOpen, missing.DeadlineUtc, missing.Invited, missing.Submitted));
        }
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }
}

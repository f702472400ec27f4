using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Azurite;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Functions.Tests.Security;

/// <summary>
/// One request must not break or reset a workflow: every number, year, round and name out of bounds is a 400 before
/// anything is stored, raised or audited; an id already taken in any state is a 409 that is audited, never a restart;
/// and an event whose payload is not what the workflow expects is refused by the workflow, which goes on.
/// </summary>
public sealed class BoundedInputTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Out_of_bounds_numbers_years_rounds_and_names_are_refused_with_400_and_leave_no_trace()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        using var price = TestTokens.Client(root, Roles.PriceOffice);
        using var finance = TestTokens.Client(root, Roles.FinanceOffice);
        using var fund = TestTokens.Client(root, Roles.FundOffice);
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var audit = app.Services.GetRequiredService<AuditTrail>();

        foreach (var window in new long[] { 0, -1, 9, RequestBounds.MaxRoundWindowSeconds + 1L, int.MaxValue })
        {
            var campaignId = UniqueNames.Unique("bounds");
            using var response = await price.PostAsync("/api/campaigns", Json($$"""{"campaignId":"{{campaignId}}","roundWindowSeconds":{{window}}}"""));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(await client.GetInstanceAsync(campaignId));
            Assert.Empty(await audit.ForInstanceAsync(campaignId, CancellationToken.None));
        }

        using (var tooLarge = await price.PostAsync("/api/campaigns", Json("""{"campaignId":"x1","roundWindowSeconds":99999999999999999999}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        }

        using (var noId = await price.PostAsync("/api/campaigns", Json("""{"roundWindowSeconds":60}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
        }

        // A running campaign: extensions of no time, negative time or absurd time are refused and nothing reaches it.
        var running = await StartCampaignAsync(app, price);
        foreach (var seconds in new[] { "0", "-5", (RequestBounds.MaxExtensionSeconds + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), "1e30", "\"soon\"" })
        {
            using var response = await price.PostAsync($"/api/campaigns/{running}/rounds/1/extend", Json($$"""{"seconds":{{seconds}}}"""));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        foreach (var round in new[] { "0", "3", "-1", "2147483648" })
        {
            using var response = await price.PostAsync($"/api/campaigns/{running}/rounds/{round}/extend", Json("""{"seconds":60}"""));
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"round {round}: {response.StatusCode}");
        }

        Assert.DoesNotContain(await audit.ForInstanceAsync(running, CancellationToken.None), e => e.GetString("Action") == "campaign.round.extend");
        Assert.DoesNotContain(await app.Services.GetRequiredService<LocalDurableEngine>().HistoryAsync(running), e => e.Type == DurableTask.Core.History.EventType.EventRaised);

        // Years, funds and review kinds in the path: a year outside 2000–2100, a fund given as a number or unknown.
        foreach (var path in new[] { "/api/fund/Employees/1999", "/api/fund/Employees/2101", "/api/fund/7/2027", "/api/fund/-1/2027", "/api/fund/Pension/2027", "/api/reviews/99999/complex", "/api/reviews/2027/annual" })
        {
            using var response = await fund.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }

        foreach (var path in new[] { "/api/fund/Employees/1999", "/api/fund/7/2027", "/api/fund/Pension/2027" })
        {
            using var response = await fund.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("out_of_bounds", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var confirm = await finance.PostAsync("/api/fund/1/2027/transfers/R01/confirm", Json("{}")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, confirm.StatusCode);
        }

        // New-item decisions name a defined step; positions name well-formed hospitals with bounded revenue.
        using (var step = await price.PostAsync("/api/new-items/ni-H01001-000000000000/decisions", Json("""{"step":"5","decision":"approve"}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, step.StatusCode);
        }

        foreach (var position in new[]
        {
            """[{"hospital":"../H01001","chargeItems":10,"marketRegulatedItems":1,"medicalServiceRevenue":100,"marketRegulatedRevenue":1}]""",
            """[{"hospital":"H01001","chargeItems":10,"marketRegulatedItems":1,"medicalServiceRevenue":1e15,"marketRegulatedRevenue":1}]""",
            """[{"hospital":"H01001","chargeItems":10,"marketRegulatedItems":1,"medicalServiceRevenue":100.001,"marketRegulatedRevenue":1}]""",
        })
        {
            using var response = await price.PutAsync("/api/new-items/positions", Json(position));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await client.GetInstanceAsync(running))!.RuntimeStatus);
        await app.StopAsync();
    }

    [Fact]
    public async Task Starting_an_id_that_exists_in_any_state_is_a_409_on_record_never_a_restart()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        using var price = TestTokens.Client(root, Roles.PriceOffice);
        using var other = TestTokens.Client(root, Roles.PriceOffice, user: "other.official");
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var audit = app.Services.GetRequiredService<AuditTrail>();

        // Completed (no scope: refused at once), terminated, and running campaigns.
        var completed = UniqueNames.Unique("done");
        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync("/api/campaigns", new CampaignStart(completed, 60))).StatusCode);
        var finished = await client.WaitForInstanceCompletionAsync(completed, getInputsAndOutputs: false, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var terminated = await StartCampaignAsync(app, price);
        await client.TerminateInstanceAsync(terminated, "test");
        await client.WaitForInstanceCompletionAsync(terminated, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var running = await StartCampaignAsync(app, price);

        foreach (var id in new[] { completed, terminated, running })
        {
            var before = await client.GetInstanceAsync(id);
            using var again = await other.PostAsJsonAsync("/api/campaigns", new CampaignStart(id, 60));
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            var after = await client.GetInstanceAsync(id);
            Assert.Equal(before!.CreatedAt, after!.CreatedAt);
            Assert.Equal(before.RuntimeStatus, after.RuntimeStatus);
            var refused = Assert.Single(await audit.ForInstanceAsync(id, CancellationToken.None), e => e.GetString("Action") == "campaign.start.refused");
            Assert.Equal("other.official", refused.GetString("User"));
        }

        Assert.NotEqual(OrchestrationRuntimeStatus.Running, finished.RuntimeStatus);
        await app.StopAsync();
    }

    [Fact]
    public async Task An_event_whose_payload_is_not_what_the_workflow_expects_is_refused_and_the_round_goes_on()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        using var price = TestTokens.Client(root, Roles.PriceOffice);
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var running = await StartCampaignAsync(app, price);

        // Raised past the API, as someone with storage access could: wrong shapes, and an extension of absurd length.
        await client.RaiseEventAsync(running, CampaignOrchestration.RoundExtendedEvent, "not an extension");
        await client.RaiseEventAsync(running, CampaignOrchestration.RoundExtendedEvent, new RoundExtension(1, long.MaxValue, "mallory"));
        await client.RaiseEventAsync(running, CampaignOrchestration.BidSubmittedEvent, new[] { 1, 2, 3 });
        await client.RaiseEventAsync(running, CampaignOrchestration.RoundExtendedEvent, new RoundExtension(1, 3600, "li.price"));

        // The good extension after them is applied: the round's deadline moves by an hour, and the campaign still runs.
        var deadline = DateTime.MinValue;
        for (var attempt = 0; attempt < 150 && deadline == DateTime.MinValue; attempt++)
        {
            await Task.Delay(200);
            var round = await app.Services.GetRequiredService<CampaignStore>().GetRoundAsync(running, 1, CancellationToken.None);
            deadline = round is { Extended: true } ? round.DeadlineUtc : DateTime.MinValue;
        }

        var instance = await client.GetInstanceAsync(running);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);
        Assert.InRange(deadline - instance.CreatedAt.UtcDateTime, TimeSpan.FromSeconds(600 + 3600 - 30), TimeSpan.FromSeconds(600 + 3600 + 30));
        await app.StopAsync();
    }

    private static async Task<string> StartCampaignAsync(Microsoft.AspNetCore.Builder.WebApplication app, HttpClient price)
    {
        var campaignId = UniqueNames.Unique("bounds");
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 5, Leagues: 1, HospitalsPerLeague: 2, Items: 5, BadRowShare: 0));
        Assert.Equal(HttpStatusCode.NoContent, (await price.PutAsync($"/api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaignId, 600))).StatusCode);
        var store = app.Services.GetRequiredService<CampaignStore>();
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (await store.GetRoundAsync(campaignId, 1, CancellationToken.None) is { IsOpen: true })
            {
                return campaignId;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Round 1 of {campaignId} did not open.");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Domain.Calendar;
using Serverless.Domain.ReserveFund;
using Serverless.Functions.Hosting;
using Serverless.Functions.ReserveFund;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.ReserveFund;

/// <summary>
/// Issue 20: a finance office's confirmation may carry the arrival date and voucher number (a bad one is refused with a
/// code, none still confirms); a regional finance office confirms and lists its own region only.
/// </summary>
public sealed class FundTransferConfirmationTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_confirmation_keeps_its_arrival_date_and_voucher_refuses_bad_ones_and_works_without_them()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        using var fundOffice = TestTokens.Client(root, Roles.FundOffice);
        using var finance = TestTokens.Client(root, Roles.FinanceOffice);

        // This year's collection, so that today is a valid arrival date.
        var today = ChinaTime.ToChinaDate(DateTimeOffset.UtcNow);
        var year = today.Year;
        var start = new FundCollectionStart(InsuranceType.Employees, year, FundParameters.Default);
        await app.Services.GetRequiredService<DurableTaskClient>().StartNewAsync(FundCollectionOrchestration.Name, start, start.InstanceId, CancellationToken.None);
        await FundFixtures.WaitForYearAsync(fundOffice, year, v => v.Progress?.Phase == "AwaitingStatements");
        using var statements = new ByteArrayContent(FundFixtures.StatementsWorkbook());
        Assert.Equal(HttpStatusCode.OK, (await fundOffice.PutAsync($"/api/fund/employees/{year}/statements", statements)).StatusCode);
        await FundFixtures.WaitForYearAsync(fundOffice, year, v => v.Progress?.Phase == "AwaitingTransfers");

        var confirm = $"/api/fund/employees/{year}/transfers/R01/confirm";
        string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var (arrival, voucher, code) in new (string?, string?, string)[]
        {
            (Day(today.AddDays(1)), "V-1", "bad_arrival_date"),
            (Day(new DateOnly(year - 1, 12, 31)), "V-1", "bad_arrival_date"),
            ("03/12/2026", "V-1", "bad_arrival_date"),
            (null, "V-1", "bad_arrival_date"),
            (Day(today), "凭证 1", "bad_voucher"),
            (Day(today), new string('9', 41), "bad_voucher"),
            (Day(today), "", "bad_voucher"),
        })
        {
            var refused = await finance.PostAsJsonAsync(confirm, new { arrivalDate = arrival, voucherNumber = voucher });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(code, (await refused.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("code").GetString());
        }

        Assert.False((await FundFixtures.WaitForYearAsync(fundOffice, year, _ => true)).Contributions.Single(c => c.Region == "R01").Confirmed);

        // A regional finance office (R03) lists and confirms its own region only; a region on any other role's sign-in is refused.
        using var regional = RegionalClient(root, Roles.FinanceOffice, "R03");
        var tasks = await regional.GetFromJsonAsync<List<JsonElement>>("/api/fund/tasks", Json);
        Assert.Equal(["R03"], tasks!.Select(t => t.GetProperty("region").GetString()));
        Assert.Equal("R03", (await regional.GetFromJsonAsync<JsonElement>("/api/me", Json)).GetProperty("region").GetString());
        var other = await regional.PostAsJsonAsync($"/api/fund/employees/{year}/transfers/R01/confirm", new { arrivalDate = Day(today), voucherNumber = "X-1" });
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("other_region", (await other.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await regional.PostAsync($"/api/fund/employees/{year}/transfers/R03/confirm", null)).StatusCode);
        using var pretender = RegionalClient(root, Roles.FundOffice, "R03");
        Assert.Equal(HttpStatusCode.Unauthorized, (await pretender.GetAsync($"/api/fund/employees/{year}")).StatusCode);
        using var malformed = RegionalClient(root, Roles.FinanceOffice, "../R03");
        Assert.Equal(HttpStatusCode.Unauthorized, (await malformed.GetAsync("/api/fund/tasks")).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await finance.PostAsJsonAsync(confirm, new { arrivalDate = Day(today), voucherNumber = " NX-2026-0007 " })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await finance.PostAsync($"/api/fund/employees/{year}/transfers/R02/confirm", null)).StatusCode);
        var view = await FundFixtures.WaitForYearAsync(fundOffice, year, v => v.Contributions.Count(c => c.Confirmed) == 3);
        var r01 = view.Contributions.Single(c => c.Region == "R01");
        var r02 = view.Contributions.Single(c => c.Region == "R02");
        Assert.Equal((true, Day(today), "NX-2026-0007"), (r01.Confirmed, r01.ArrivalDate, r01.VoucherNumber));
        Assert.Equal((true, (string?)null, (string?)null), (r02.Confirmed, r02.ArrivalDate, r02.VoucherNumber));

        // Confirming again is answered as before, and the receipt first given stays.
        Assert.Equal(HttpStatusCode.OK, (await finance.PostAsJsonAsync(confirm, new { arrivalDate = Day(today), voucherNumber = "OTHER-1" })).StatusCode);
        Assert.Equal("NX-2026-0007", (await FundFixtures.WaitForYearAsync(fundOffice, year, _ => true)).Contributions.Single(c => c.Region == "R01").VoucherNumber);
        await app.StopAsync();
    }

    private static HttpClient RegionalClient(Uri root, string role, string region)
    {
        var client = new HttpClient { BaseAddress = root };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            new DevTokens(TestTokens.SigningKey).Issue($"{region}.finance", role, null, DateTimeOffset.UtcNow.AddHours(1), region));
        return client;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Azurite;
using Serverless.Domain.ReserveFund;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;
using Serverless.Functions.ReserveFund;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.ReserveFund;

/// <summary>Issue 7's end-to-end proof: one collection year on Azurite through the HTTP API, then a tampered ledger found by verify.</summary>
public sealed class FundEndToEndTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task One_collection_year_runs_through_http_callbacks_and_a_tampered_ledger_is_reported()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        await using var app = await ServerlessApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--{AppSettings.StorageConnection}", azurite.ConnectionString,
            $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", TestApps.LedgerKey,
            $"--{AppSettings.TaskHub}", UniqueNames.Unique("hub"),
            "--Logging:LogLevel:Default", "Warning",
            .. TestTokens.AppArguments,
        ]);
        await app.StartAsync();
        var root = new Uri(app.Urls.First());
        using var fundOffice = TestTokens.Client(root, Roles.FundOffice);
        using var finance = TestTokens.Client(root, Roles.FinanceOffice);
        using var priceOffice = TestTokens.Client(root, Roles.PriceOffice);
        using var hospital = TestTokens.Client(root, Roles.Hospital, "H1");

        // The January timer's firing (the local timer runner calls the same method).
        var started = await FundTimer.FireAsync(app.Services.GetRequiredService<DurableTaskClient>(), FundParameters.Default,
            Domain.Calendar.ChinaTime.ToUtc(new DateOnly(2027, 1, 10), new TimeOnly(9, 0)), CancellationToken.None);
        Assert.Equal(["fund-employees-2027"], started);

        using var statements = new ByteArrayContent(FundFixtures.StatementsWorkbook());
        Assert.Equal(HttpStatusCode.Forbidden, (await priceOffice.PutAsync("/api/fund/employees/2027/statements", statements)).StatusCode);
        using var broken = new ByteArrayContent(FundFixtures.BrokenStatementsWorkbook());
        var refused = await fundOffice.PutAsync("/api/fund/employees/2027/statements", broken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problems = await refused.Content.ReadAsStringAsync();
        Assert.Contains("\"rowNumber\":3", problems, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await fundOffice.PutAsync("/api/fund/employees/2027/statements", statements)).StatusCode);
        await FundFixtures.WaitForYearAsync(fundOffice, 2027, v => v.Progress?.Phase == "AwaitingTransfers");

        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.GetAsync("/api/fund/employees/2027")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await priceOffice.PostAsync("/api/fund/employees/2027/transfers/R01/confirm", null)).StatusCode);
        foreach (var region in new[] { "R02", "R03", "R01" })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await finance.PostAsync($"/api/fund/employees/2027/transfers/{region}/confirm", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await finance.PostAsync("/api/fund/employees/2027/transfers/R02/confirm", null)).StatusCode);
        var done = await FundFixtures.WaitForYearAsync(fundOffice, 2027, v => v.RuntimeStatus == "Completed");
        Assert.Equal((FundFixtures.Collected, FundFixtures.BalanceAfter), (done.Summary!.Collected, done.Summary.BalanceAfter));
        Assert.All(done.Contributions, c => Assert.True(c.Confirmed));
        Assert.Contains("annual-report.xlsx", done.Files);
        using var report = await fundOffice.GetAsync("/api/fund/employees/2027/files/annual-report.xlsx");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.True((await report.Content.ReadAsByteArrayAsync()).Length > 1000);

        var ledger = await fundOffice.GetFromJsonAsync<FundEndpoints.LedgerView>("/api/fund/employees/ledger", Json);
        Assert.Equal((true, FundFixtures.BalanceAfter, 4), (ledger!.Intact, ledger.Balance, ledger.Entries.Count));

        // Someone with table access raises a posted amount: verify names the entry.
        var table = app.Services.GetRequiredService<StorageClients>().Tables.GetTableClient(StorageNames.FundLedgerTable);
        var entity = (await table.GetEntityAsync<TableEntity>("Employees", 2L.ToString("D19", System.Globalization.CultureInfo.InvariantCulture))).Value;
        entity["Amount"] = "90000.00";
        await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
        var tampered = await fundOffice.GetFromJsonAsync<FundEndpoints.LedgerView>("/api/fund/employees/ledger", Json);
        Assert.False(tampered!.Intact);
        Assert.Contains("Entry 2", tampered.Problem, StringComparison.Ordinal);
        await app.StopAsync();
    }
}

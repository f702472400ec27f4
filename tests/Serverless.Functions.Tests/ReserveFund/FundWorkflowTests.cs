using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serverless.Azurite;
using Serverless.Domain.Calendar;
using Serverless.Domain.ReserveFund;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.ReserveFund;
using Serverless.Functions.Security;
using Serverless.Functions.Tests.Durable;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.Tests.ReserveFund;

/// <summary>
/// Issue 7's workflow proof on a fake clock: the CST timer, a duplicate firing, statements arriving late,
/// confirmations out of order, one region confirming only after the reminder and the escalation, deficit payouts,
/// and the ledger. Each test has its own Azurite, so ledgers do not mix.
/// </summary>
public sealed class FundWorkflowTests
{
    [Fact]
    public async Task A_collection_year_fires_on_the_cst_date_once_and_completes_with_the_hand_computed_ledger()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        var time = new FakeTimeProvider(ChinaTime.ToUtc(new DateOnly(2027, 1, 9), new TimeOnly(12, 0)));
        var storage = StorageClients.FromConnectionString(azurite.ConnectionString, "fund");
        await new StorageProvisioner(storage).EnsureAsync(CancellationToken.None);
        var store = new FundStore(storage, new CampaignStore(storage), new WorkbookReader(), time, Microsoft.Extensions.Options.Options.Create(new LedgerOptions { MacKey = Serverless.Functions.Security.Secrets.NewKey() }));
        var registry = new DurableTaskRegistry();
        FundCollectionOrchestration.Register(registry);
        new FundActivities(store, time).Register(registry, CancellationToken.None);
        var engine = new ScriptedDurableEngine(registry, time);
        var client = engine.Client;
        var audit = new AuditTrail(storage, time);
        var runner = new TimerRunner(storage.Tables.GetTableClient(StorageNames.TimerFiringsTable), time, NullLogger<TimerRunner>.Instance);
        var schedule = new TimerSchedule(TimerNames.FundCollectionTimer, FundTimer.DefaultSchedule);
        var fired = new List<string>();
        Task Fire(DateTimeOffset at, CancellationToken ct) => FundTimer.FireAsync(client, FundParameters.Default, at, ct).ContinueWith(t => fired.AddRange(t.Result), ct, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        async Task At(DateOnly date, TimeOnly clock)
        {
            await engine.AdvanceToAsync(ChinaTime.ToUtc(date, clock));
            await runner.RunDueAsync(schedule, Fire, CancellationToken.None);
            await engine.SettleAsync();
        }

        await At(new DateOnly(2027, 1, 9), new TimeOnly(12, 0));
        await At(new DateOnly(2027, 1, 10), new TimeOnly(8, 59));
        Assert.Empty(fired);
        await At(new DateOnly(2027, 1, 10), new TimeOnly(9, 0));
        Assert.Equal(["fund-employees-2027"], fired);
        await At(new DateOnly(2027, 1, 10), new TimeOnly(9, 5));
        Assert.Empty(await FundTimer.FireAsync(client, FundParameters.Default, ChinaTime.ToUtc(new DateOnly(2027, 1, 10), new TimeOnly(9, 0)), CancellationToken.None));
        Assert.Single(fired);
        const string id = "fund-employees-2027";
        Assert.Equal("AwaitingStatements", (await client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadCustomStatusAs<FundProgress>()!.Phase);

        // A broken workbook is refused whole and changes nothing; the good one starts the collection.
        Assert.Equal(400, await UploadAsync(FundFixtures.BrokenStatementsWorkbook()));
        await engine.SettleAsync();
        Assert.Equal("AwaitingStatements", (await client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadCustomStatusAs<FundProgress>()!.Phase);
        Assert.Equal(200, await UploadAsync(FundFixtures.StatementsWorkbook()));
        await engine.SettleAsync();
        var progress = (await client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadCustomStatusAs<FundProgress>()!;
        Assert.Equal("AwaitingTransfers", progress.Phase);
        Assert.Equal(["R01", "R02", "R03"], progress.Unconfirmed);
        var amounts = (await store.ContributionsAsync(InsuranceType.Employees, 2027, CancellationToken.None)).ToDictionary(r => r.RowKey, r => r.GetString("Amount") ?? "");
        Assert.Equal(new Dictionary<string, string> { ["R01"] = "30000.00", ["R02"] = "60000.00", ["R03"] = "15000.02" }, amounts);
        Assert.Equal(3, (await store.ListAsync(StorageNames.ResultsContainer, "fund/employees/2027/notices/", CancellationToken.None)).Count);

        // Out of order, one twice; a wrong fund or region is 404.
        Assert.Equal(202, await ConfirmAsync("R03"));
        Assert.Equal(202, await ConfirmAsync("R01"));
        Assert.Equal(200, await ConfirmAsync("R01"));
        Assert.Equal(404, await ConfirmAsync("R99"));
        Assert.Equal(2, (await store.Ledger.EntriesAsync(InsuranceType.Employees, CancellationToken.None)).Count);
        Assert.Equal(["R02"], (await client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadCustomStatusAs<FundProgress>()!.Unconfirmed);

        // R02 stays silent: a reminder after 15 days, escalation after 30, each once.
        var noticed = time.GetUtcNow();
        await engine.AdvanceToAsync(noticed.AddDays(15).AddMinutes(-1));
        Assert.Empty(await store.NotificationsAsync(id, CancellationToken.None));
        await engine.AdvanceToAsync(noticed.AddDays(15));
        await engine.AdvanceToAsync(noticed.AddDays(30));
        var notes = (await store.NotificationsAsync(id, CancellationToken.None)).OrderBy(n => n.GetDateTimeOffset("CreatedAt")).Select(n => (n.GetString("Region"), n.GetString("Kind"), n.GetString("Recipient"))).ToList();
        Assert.Equal([("R02", "reminder", Roles.FinanceOffice), ("R02", "escalation", Roles.OfficeHead)], notes);

        // R02's confirmation is stored but its answer is lost before the event and audit entry (a killed host): the
        // official's retry is told "already confirmed" and still finishes the collection, audited once.
        var r02Row = await store.ContributionAsync(InsuranceType.Employees, 2027, "R02", CancellationToken.None);
        Assert.True(await store.ConfirmAsync(r02Row!, $"{Roles.FinanceOffice}.official", null, CancellationToken.None));
        Assert.Equal(200, await ConfirmAsync("R02"));
        var done = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
        var summary = done.ReadOutputAs<FundCollectionSummary>()!;
        Assert.Equal((FundFixtures.Collected, false, FundFixtures.BalanceAfter), (summary.Collected, summary.Scaled, summary.BalanceAfter));
        var r02 = Assert.Single(summary.Deficits);
        Assert.Equal(("R02", 40_000m, FundFixtures.R02ReservePaid, FundFixtures.R02Government), (r02.Region, r02.FromSurplus, r02.ReservePaid, r02.Government));

        var ledger = await store.Ledger.EntriesAsync(InsuranceType.Employees, CancellationToken.None);
        Assert.Equal(["R03 contribution 15000.02", "R01 contribution 30000.00", "R02 contribution 60000.00", "R02 deficit-payout -36288.00"],
            ledger.Select(e => $"{e.Region} {e.Kind} {e.Amount.Value.ToString("0.00", CultureInfo.InvariantCulture)}"));
        Assert.Equal(FundFixtures.BalanceAfter, Ledger.Balance(ledger).Value);
        Assert.Null(await store.Ledger.VerifyAsync(InsuranceType.Employees, CancellationToken.None));
        Assert.NotNull(await store.DownloadAsync(StorageNames.ResultsContainer, "fund/employees/2027/annual-report.xlsx", CancellationToken.None));
        Assert.Equal(4, (await audit.ForInstanceAsync(id, CancellationToken.None)).Count(a => a.GetString("Action") == "fund.transfer.confirm" || a.GetString("Action") == "fund.statements"));

        // The next January both funds start (residents from 2028); a catch-up after downtime fires once, late.
        fired.Clear();
        await At(new DateOnly(2028, 1, 12), new TimeOnly(15, 0));
        Assert.Equal(["fund-employees-2028", "fund-residents-2028"], fired.Order(StringComparer.Ordinal));

        async Task<int> UploadAsync(byte[] workbook)
        {
            var http = Context(Roles.FundOffice);
            http.Request.Body = new MemoryStream(workbook);
            var result = await FundEndpoints.UploadStatementsAsync("employees", 2027, http.Request, store, new WorkbookReader(), client, audit, time, CancellationToken.None);
            return ((IStatusCodeHttpResult)result.Result).StatusCode!.Value;
        }

        async Task<int> ConfirmAsync(string region)
        {
            var result = await FundEndpoints.ConfirmAsync("employees", 2027, region, store, client, audit, time, Context(Roles.FinanceOffice), CancellationToken.None);
            await engine.SettleAsync();
            return ((IStatusCodeHttpResult)result).StatusCode!.Value;
        }
    }

    private static DefaultHttpContext Context(string role)
    {
        var identity = new ClaimsIdentity(OfficialsAuthenticationHandler.SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, $"{role}.official"));
        identity.AddClaim(new Claim(ClaimTypes.Role, role));
        return new DefaultHttpContext { User = new ClaimsPrincipal(identity) };
    }
}

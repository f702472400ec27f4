using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serverless.Azurite;
using Serverless.Domain.Calendar;
using Serverless.Domain.NewItems;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;
using Serverless.Functions.Tests.Durable;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.Tests.NewItems;

/// <summary>
/// The new-item workflow on the in-memory runtime with a fake clock, its activities and callbacks on real Azure
/// Storage (Azurite): the callbacks are the API's handler methods, called with a signed-in official's principal.
/// </summary>
public sealed class NewItemHarness
{
    private NewItemHarness(FakeTimeProvider time, StorageClients storage, NewItemParameters parameters)
    {
        Time = time;
        Storage = storage;
        Store = new NewItemStore(storage, time);
        Audit = new AuditTrail(storage, time);
        var registry = new DurableTaskRegistry();
        Engine = new ScriptedDurableEngine(registry, time);
        Submissions = new NewItemSubmissions(Store, Client, parameters);
        var activities = new NewItemActivities(Store, storage, new WorkbookReader(), ChinaHolidays.DefaultCalendar(), NullLogger<NewItemActivities>.Instance);
        NewItemOrchestration.Register(registry);
        activities.Register(registry, CancellationToken.None);
    }

    public FakeTimeProvider Time { get; }

    public StorageClients Storage { get; }

    /// <summary>The engine's test double: the real SDK's orchestrator and activity code on a fake clock.</summary>
    public ScriptedDurableEngine Engine { get; }

    public DurableTaskClient Client => Engine.Client;

    public NewItemStore Store { get; }

    public AuditTrail Audit { get; }

    public NewItemSubmissions Submissions { get; }

    /// <summary>A harness whose clock starts at <paramref name="chinaDate"/> <paramref name="chinaTime"/> CST.</summary>
    public static async Task<NewItemHarness> StartAsync(AzuriteInstance azurite, DateOnly chinaDate, TimeOnly chinaTime, NewItemParameters? parameters = null)
    {
        var storage = StorageClients.FromConnectionString(azurite.ConnectionString, UniqueNames.Unique("hub"));
        var harness = new NewItemHarness(new FakeTimeProvider(ChinaTime.ToUtc(chinaDate, chinaTime)), storage, parameters ?? new NewItemParameters());
        await new StorageProvisioner(storage).EnsureAsync(CancellationToken.None);
        return harness;
    }

    public static string NewHospital() => "H" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    public static ApplicationForm Form(string hospital, string name, decimal price = 300m, long volume = 200, bool regionalCentre = false, bool innovation = false, bool maps = false, string? existing = null) =>
        new(hospital, name, $"{name}：用于临床诊疗的新技术", price, volume, "治疗类", maps, ["可行性报告.pdf", "成本测算表.xlsx"], existing, false, regionalCentre, innovation);

    public async Task<string> SubmitAsync(ApplicationForm form)
    {
        var submitted = await Submissions.SubmitAsync(form, "test", null, Guid.NewGuid().ToString("N"), CancellationToken.None);
        Assert.Empty(submitted.Issues);
        await SettleAsync();
        return submitted.ApplicationId!;
    }

    public Task SettleAsync() => Engine.SettleAsync();

    /// <summary>Moves the clock to a CST moment and runs whatever became due.</summary>
    public async Task AtChinaTimeAsync(DateOnly date, TimeOnly time)
    {
        var target = ChinaTime.ToUtc(date, time);
        Assert.True(target >= Time.GetUtcNow(), $"The clock cannot go back to {target:u}.");
        await Engine.AdvanceToAsync(target);
    }

    public static ClaimsPrincipal Official(string role, string user, string? hospital = null)
    {
        var identity = new ClaimsIdentity(OfficialsAuthenticationHandler.SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, user));
        identity.AddClaim(new Claim(ClaimTypes.Role, role));
        if (hospital is not null)
        {
            identity.AddClaim(new Claim(Roles.HospitalClaim, hospital));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>Calls the decision callback as <paramref name="role"/> and returns its HTTP status; the workflow then runs.</summary>
    public async Task<int> DecideAsync(string applicationId, string role, string step, string decision, string? comment = null, string? itemCode = null, string? user = null, string? waitId = null)
    {
        var http = new DefaultHttpContext { User = Official(role, user ?? $"{role}.official") };
        var result = await NewItemEndpoints.DecideAsync(applicationId, new DecisionRequest(step, decision, comment, itemCode, waitId), Store, Client, Audit, Time, http, CancellationToken.None);
        var status = await StatusOf(result, http);
        await SettleAsync();
        return status;
    }

    public async Task<int> ResubmitAsync(string applicationId, ApplicationForm form, string hospital)
    {
        var http = new DefaultHttpContext { User = Official(Roles.Hospital, $"{hospital}.clerk", hospital) };
        var result = await NewItemEndpoints.ResubmitAsync(applicationId, form, Store, Client, Audit, Time, http, CancellationToken.None);
        var status = await StatusOf(result, http);
        await SettleAsync();
        return status;
    }

    public async Task<NewItemProgress> ProgressAsync(string applicationId)
        => (await Client.GetInstanceAsync(applicationId, getInputsAndOutputs: true))!.ReadCustomStatusAs<NewItemProgress>()!;

    public async Task<IReadOnlyList<string>> OpenStepsAsync(string applicationId)
        => [.. (await ProgressAsync(applicationId)).OpenWaits.Select(w => w.Step).Order(StringComparer.Ordinal)];

    public async Task<NewItemOutcome?> OutcomeAsync(string applicationId)
    {
        var instance = await Client.GetInstanceAsync(applicationId, getInputsAndOutputs: true);
        Assert.NotNull(instance);
        Assert.Null(instance.FailureDetails);
        return instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<NewItemOutcome>() : null;
    }

    public async Task<IReadOnlyList<(string Kind, string Recipient, DateTimeOffset CreatedAt)>> NotificationsAsync(string applicationId)
        => [.. (await Store.NotificationsAsync(applicationId, CancellationToken.None)).Select(n => (n.GetString("Kind")!, n.GetString("Recipient")!, n.GetDateTimeOffset("CreatedAt")!.Value)).OrderBy(n => n.Item3)];

    private static Task<int> StatusOf(IResult result, DefaultHttpContext http) => Task.FromResult(result switch
    {
        Microsoft.AspNetCore.Http.HttpResults.ForbidHttpResult => StatusCodes.Status403Forbidden,
        IStatusCodeHttpResult { StatusCode: { } code } => code,
        _ => throw new InvalidOperationException($"Unexpected result {result.GetType().Name} for {http.User.Identity?.Name}."),
    });
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.NewItems;

/// <summary>Issue 20's reviewers' workbench over HTTP: tasks say what and whose, an application reads whole with its step diagram, and a decision lands in the official's done list.</summary>
public sealed class NewItemInboxApiTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_reviewer_reads_the_whole_application_with_its_steps_and_finds_the_decision_in_the_done_list()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        var hospital = NewItemHarness.NewHospital();
        using var clerk = TestTokens.Client(root, Roles.Hospital, hospital);
        using var price = TestTokens.Client(root, Roles.PriceOffice, user: "li.price");
        using var health = TestTokens.Client(root, Roles.HealthCommission, user: "wang.health");
        Assert.Equal(HttpStatusCode.OK, (await price.PutAsJsonAsync("/api/new-items/positions", new[] { new PositionForm(hospital, 400, 8, 40_000_000m, 400_000m) })).StatusCode);
        var form = NewItemHarness.Form(hospital, "达芬奇机器人辅助心脏瓣膜修复", price: 6_000m, volume: 40, regionalCentre: true) with { HospitalName = "内蒙古自治区人民医院" };
        var submit = await clerk.PostAsJsonAsync("/api/new-items", form);
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var id = (await submit.Content.ReadFromJsonAsync<NewItemEndpoints.SubmitResult>(Json))!.ApplicationId;
        var view = await WaitForAsync(price, id, v => v.Progress?.OpenWaits.Count == 2);

        // The whole form, and the path: submitted, both green-channel reviews open together with their deadline, the trial ahead.
        Assert.Equal(6_000m, view.Form!.ExpectedPrice);
        Assert.Equal(40, view.Form.ExpectedAnnualVolume);
        Assert.Equal("内蒙古自治区人民医院", view.Form.HospitalName);
        Assert.Empty(view.Candidates!);
        Assert.Equal(["Submitted:done", "TechnicalReview:current", "PriceReview:current", "Trial:upcoming", "TrialEvaluation:upcoming"], view.Steps!.Select(s => $"{s.Step}:{s.State}"));
        var priceStep = view.Steps!.Single(s => s.Step == "PriceReview");
        Assert.Equal(view.Steps!.Single(s => s.Step == "TechnicalReview").Stage, priceStep.Stage);
        Assert.Equal(Roles.PriceOffice, priceStep.Role);
        Assert.NotNull(priceStep.ExpiresAt);
        Assert.Equal(view.Progress!.OpenWaits.Single(w => w.Step == "PriceReview").DueDate, priceStep.DueDate);
        Assert.False(priceStep.Overdue);
        Assert.True(priceStep.WorkingDaysLeft > 0);

        // The price office's task names the item and the hospital, with its deadline.
        var task = (await price.GetFromJsonAsync<List<Dictionary<string, JsonElement>>>("/api/new-items/tasks", Json))!.Single(t => t["ApplicationId"].GetString() == id);
        Assert.Equal("达芬奇机器人辅助心脏瓣膜修复", task["ProposedName"].GetString());
        Assert.Equal(hospital, task["Hospital"].GetString());
        Assert.Equal("内蒙古自治区人民医院", task["HospitalName"].GetString());
        Assert.Equal(priceStep.WorkingDaysLeft <= NewItemSteps.DueSoonWorkingDays, task["DueSoon"].GetBoolean());
        Assert.False(task["Overdue"].GetBoolean());

        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync($"/api/new-items/{id}/decisions", new DecisionRequest("PriceReview", "approve", "价格测算合理"))).StatusCode);
        var done = Assert.Single((await price.GetFromJsonAsync<List<DoneItem>>("/api/new-items/done", Json))!, d => d.ApplicationId == id);
        Assert.Equal(("PriceReview", "approve", "价格测算合理", Roles.PriceOffice), (done.Step, done.Decision, done.Comment, done.Role));
        Assert.Equal(("达芬奇机器人辅助心脏瓣膜修复", hospital, "内蒙古自治区人民医院"), (done.ProposedName, done.Hospital, done.HospitalName));
        Assert.DoesNotContain((await health.GetFromJsonAsync<List<DoneItem>>("/api/new-items/done", Json))!, d => d.ApplicationId == id);

        var decided = await WaitForAsync(price, id, v => v.Progress?.OpenWaits.Count == 1);
        var step = decided.Steps!.Single(s => s.Step == "PriceReview");
        Assert.Equal(("done", "approve"), (step.State, step.Decision));
        Assert.Equal("current", decided.Steps!.Single(s => s.Step == "TechnicalReview").State);
        Assert.DoesNotContain(id, await price.GetStringAsync("/api/new-items/tasks"), StringComparison.Ordinal);
        await app.StopAsync();
    }

    private static async Task<NewItemEndpoints.ApplicationView> WaitForAsync(HttpClient http, string id, Func<NewItemEndpoints.ApplicationView, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var view = (await http.GetFromJsonAsync<NewItemEndpoints.ApplicationView>($"/api/new-items/{id}", Json))!;
            if (done(view))
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Application {id} did not get there: {JsonSerializer.Serialize(view.Progress)}");
            await Task.Delay(200);
        }
    }
}

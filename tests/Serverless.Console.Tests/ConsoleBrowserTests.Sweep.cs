using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Serverless.Azurite;
using Serverless.Functions.Bidding;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Console.Tests;

/// <summary>
/// Issue 20's standards for every page, checked page by page as each role sees it, at desktop and phone width: no
/// serious accessibility violation (axe-core, from the npm package the CI installs), no identifier of the API on a
/// Chinese page, no horizontal scrolling at 390 px; a screenshot of each page is kept in artifacts/screenshots.
/// </summary>
public sealed partial class ConsoleBrowserTests
{
    /// <summary>What the API says in identifiers (statuses, phases, steps, roles, decisions): none may reach a Chinese page.</summary>
    private static readonly string[] ApiIdentifiers =
    [
        "Pending", "Running", "Completed", "Failed", "Terminated", "Suspended",
        "Round1", "Round1Feedback", "Round2", "Adopting", "Publishing", "ScopeRefused",
        "Compatibility", "CompatibilityConfirmation", "InnovationConfirmation", "TechnicalReview", "ExpertEvaluation", "PriceReview",
        "MarketLimitCheck", "MarketLimitHold", "Trial", "TrialEvaluation", "Resubmission", "Returned", "Rejected", "Submitted",
        "ChargedUnderExisting", "Standard", "Green", "Adopted", "Skipped",
        Roles.PriceOffice, Roles.HealthCommission, Roles.ExpertPanel, Roles.FundOffice, Roles.FinanceOffice, Roles.OfficeHead, Roles.Hospital,
        "approve", "reject", "return", "request-expert", "general-catalogue", "complex-catalogue", "extend", "end",
        "employees", "residents", "null", "undefined", "NaN",
    ];

    /// <summary>axe-core's impacts that fail the check.</summary>
    private static readonly string[] FailingImpacts = ["serious", "critical"];

    [Fact]
    public async Task Every_page_as_its_role_passes_the_accessibility_check_shows_no_api_identifier_and_fits_a_phone()
    {
        var campaignId = await StartSmallCampaignAsync();
        await SubmitGreenApplicationAsync("H01001", "心脏康复评估（无创）");
        (string User, string[] Pages)[] visits =
        [
            ("li.price", ["tasks", "inbox", "campaigns", $"campaign/{campaignId}", "new-items", "fund", "simulation", "monitoring", "audit"]),
            ("wang.health", ["tasks", "inbox", "new-items"]),
            ("zhao.head", ["tasks", "inbox", "audit"]),
            ("sun.fund", ["fund"]),
            ("wu.finance", ["tasks", "fund"]),
            ("clerk.h01001", ["upload", "new-items"]),
        ];
        var axe = await File.ReadAllTextAsync(Path.Combine(AzuriteInstance.FindRepositoryRoot(), "node_modules", "axe-core", "axe.min.js"));
        var problems = new List<string>();
        foreach (var width in new[] { 1440, 390 })
        {
            foreach (var (user, pages) in visits)
            {
                var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = width, Height = 900 } });
                var page = await context.NewPageAsync();
                await SignInAsync(page, user);
                foreach (var path in pages)
                {
                    await page.GotoAsync(new Uri(fixture.Root, $"console/#/{path}").ToString());
                    await page.WaitForSelectorAsync("#view h1");
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                    var where = $"{user} #/{path} at {width} px";
                    problems.AddRange((await RawIdentifiersAsync(page)).Select(word => $"{where}: shows the API identifier '{word}'"));
                    problems.AddRange((await AxeViolationsAsync(page, axe)).Select(v => $"{where}: {v}"));
                    if (await page.EvaluateAsync<int>("document.documentElement.scrollWidth") is var scrolled && scrolled > width)
                    {
                        problems.Add($"{where}: the page scrolls sideways ({scrolled} px wide)");
                    }

                    await ShotAsync(page, $"sweep-{width}-{user}-{path.Replace('/', '-')}");
                }

                await context.CloseAsync();
            }
        }

        output.WriteLine(string.Join(Environment.NewLine, problems));
        Assert.Empty(problems);
    }

    /// <summary>
    /// The API identifiers in the page's visible text (whole words, case-sensitive, as the API writes them); a user id
    /// such as <c>finance-office.api</c> (this suite's API clients) is a name, not the role.
    /// </summary>
    private static async Task<IReadOnlyList<string>> RawIdentifiersAsync(IPage page)
    {
        var text = await page.InnerTextAsync("body");
        return [.. ApiIdentifiers.Where(word => Regex.IsMatch(text, $@"(?<![\w.-]){Regex.Escape(word)}(?![\w.-])"))];
    }

    /// <summary>
    /// axe-core's serious and critical violations on the page, each with the elements it names. The script is evaluated
    /// through the DevTools protocol, which the console's Content-Security-Policy does not govern, so the page is unchanged.
    /// </summary>
    private static async Task<IReadOnlyList<string>> AxeViolationsAsync(IPage page, string axe)
    {
        await page.EvaluateAsync(axe);
        Assert.False(string.IsNullOrEmpty(await page.EvaluateAsync<string>("axe.version")), "axe-core did not load");
        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify((await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')) })))");
        return [.. JsonSerializer.Deserialize<List<AxeViolation>>(json, Json)!
            .Where(v => FailingImpacts.Contains(v.Impact))
            .Select(v => $"accessibility rule {v.Id} ({v.Impact}) on {string.Join(", ", v.Nodes.Take(3))}")];
    }

    /// <summary>A small campaign in its first round, so the campaign pages have a round to show.</summary>
    private Task<string> StartSmallCampaignAsync()
        => StartCampaignAsync(SampleCampaign.Generate(new SampleOptions(Seed: 20, Leagues: 1, HospitalsPerLeague: 3, Items: 6, BadRowShare: 0, QuirkShare: 0)), "sweep");

    /// <summary>A campaign on <paramref name="sample"/>'s scope with 900-second rounds, started by the price office and in its first round; its id begins with <paramref name="prefix"/>.</summary>
    private async Task<string> StartCampaignAsync(SampleCampaign sample, string prefix)
    {
        var campaignId = UniqueNames.Unique(prefix);
        using var price = Client(Roles.PriceOffice, null);
        Assert.Equal(HttpStatusCode.NoContent, (await price.PutAsync($"api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync("api/campaigns", new CampaignStart(campaignId, 900))).StatusCode);
        for (var i = 0; i < 150 && (await price.GetFromJsonAsync<CampaignStatus>($"api/campaigns/{campaignId}", Json))!.Progress?.Phase != "Round1"; i++)
        {
            await Task.Delay(200);
        }

        return campaignId;
    }

    private sealed record AxeViolation(string Id, string? Impact, List<string> Nodes);
}

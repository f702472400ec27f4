using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Azurite;
using Serverless.Domain.Calendar;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.Security;

/// <summary>
/// The audit search over HTTP (issue 20): entries made by real requests are found by who, action (code or prefix),
/// instance (id or prefix) and China date; paging with the token returns each entry once; only the office head and the
/// price office may search; every out-of-bounds query is a 400 with a stable code.
/// </summary>
public sealed class AuditSearchTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Entries_made_by_real_actions_are_found_by_who_action_instance_and_China_date()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        var prefix = UniqueNames.Unique("audit");
        var alice = UniqueNames.Unique("alice");
        var bob = UniqueNames.Unique("bob");
        using var asAlice = TestTokens.Client(root, Roles.PriceOffice, user: alice);
        using var asBob = TestTokens.Client(root, Roles.PriceOffice, user: bob);
        using var head = TestTokens.Client(root, Roles.OfficeHead);
        var before = DateTimeOffset.UtcNow;
        await UploadScopeAsync(asAlice, $"{prefix}-1");
        await UploadScopeAsync(asAlice, $"{prefix}-2");
        await UploadScopeAsync(asBob, $"{prefix}-3");
        using (var positions = await asBob.PutAsync("/api/new-items/positions", new StringContent("[]", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, positions.StatusCode);
        }

        var byInstance = await SearchAsync(head, $"instance={prefix}-*");
        Assert.Equal([$"{prefix}-1", $"{prefix}-2", $"{prefix}-3"], byInstance.Select(e => e.Instance).Order(StringComparer.Ordinal));
        Assert.All(byInstance, e =>
        {
            Assert.Equal("campaign.scope.upload", e.Action);
            Assert.Equal([Roles.PriceOffice], e.Roles);
            Assert.InRange(e.At, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        });
        Assert.Equal([alice, alice, bob], byInstance.OrderBy(e => e.Instance, StringComparer.Ordinal).Select(e => e.User));

        Assert.Equal($"{prefix}-2", Assert.Single(await SearchAsync(head, $"instance={prefix}-2")).Instance);
        Assert.Equal(["campaign.scope.upload", "newitem.positions"], (await SearchAsync(head, $"who={bob}")).Select(e => e.Action).Order(StringComparer.Ordinal));
        Assert.Equal("positions", Assert.Single(await SearchAsync(head, $"who={bob}&action=newitem.positions")).Instance);
        Assert.Equal($"{prefix}-3", Assert.Single(await SearchAsync(head, $"who={bob}&action=campaign.*")).Instance);
        Assert.Equal(2, (await SearchAsync(head, $"who={alice}&action=campaign.scope.upload&instance={prefix}-*")).Count);
        Assert.Empty(await SearchAsync(head, $"who={alice}&action=campaign.scope"));

        var today = ChinaTime.ToChinaDate(DateTimeOffset.UtcNow);
        Assert.Equal(3, (await SearchAsync(head, $"instance={prefix}-*&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).Count);
        Assert.Empty(await SearchAsync(head, $"instance={prefix}-*&from={today.AddDays(-30):yyyy-MM-dd}&to={today.AddDays(-1):yyyy-MM-dd}"));
        Assert.Empty(await SearchAsync(head, $"instance={prefix}-*&from={today.AddDays(1):yyyy-MM-dd}"));

        // Values are quoted by the query filter, never spliced into it.
        Assert.Empty(await SearchAsync(head, "who=" + Uri.EscapeDataString($"{alice}' or User ne '")));

        // The price office may search too.
        using var asPriceOffice = TestTokens.Client(root, Roles.PriceOffice);
        Assert.Equal(3, (await SearchAsync(asPriceOffice, $"instance={prefix}-*")).Count);
    }

    [Fact]
    public async Task Paging_with_the_continuation_token_returns_every_entry_once()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        var prefix = UniqueNames.Unique("auditpages");
        using var price = TestTokens.Client(root, Roles.PriceOffice);
        var made = Enumerable.Range(1, 7).Select(i => $"{prefix}-{i}").ToList();
        foreach (var instance in made)
        {
            await UploadScopeAsync(price, instance);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await price.GetFromJsonAsync<AuditPage>($"/api/audit?instance={prefix}-*&pageSize=3{(token is null ? "" : $"&continuation={token}")}", Workflows.Json);
            Assert.InRange(page!.Entries.Count, 0, 3);
            seen.AddRange(page.Entries.Select(e => e.Instance));
            token = page.Continuation;
            Assert.True(++pages <= 10, "paging does not end");
        }
        while (token is not null);

        Assert.True(pages >= 3, $"7 entries in pages of 3 came in {pages} pages");
        Assert.Equal(made.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_the_office_head_and_the_price_office_may_search_and_out_of_bounds_queries_are_refused_with_a_code()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var root = new Uri(app.Urls.First());
        foreach (var role in new[] { Roles.HealthCommission, Roles.ExpertPanel, Roles.FundOffice, Roles.FinanceOffice })
        {
            using var refused = TestTokens.Client(root, role);
            using var response = await refused.GetAsync("/api/audit");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var hospital = TestTokens.Client(root, Roles.Hospital, "H01001"))
        using (var response = await hospital.GetAsync("/api/audit"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var anonymous = new HttpClient { BaseAddress = root })
        using (var response = await anonymous.GetAsync("/api/audit"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var head = TestTokens.Client(root, Roles.OfficeHead);
        foreach (var (query, code) in new[]
        {
            ("pageSize=0", "bad_page_size"),
            ("pageSize=1000", "bad_page_size"),
            ("pageSize=201", "bad_page_size"),
            ("pageSize=ten", "bad_page_size"),
            ("from=2027-03-02&to=2027-03-01", "bad_date_range"),
            ("from=2026-01-01&to=2027-01-02", "date_range_too_long"),
            ("from=2027-02-30", "bad_date"),
            ("to=1999-12-31", "bad_date"),
            ("from=03/01/2027", "bad_date"),
            ("continuation=%21%21not-a-token", "bad_continuation"),
            ("continuation=" + new string('A', AuditSearch.MaxContinuationLength + 1), "bad_continuation"),
            ("action=Fund%20Transfer", "bad_action"),
            ("action=*", "bad_action"),
            ("instance=a%2Fb", "bad_instance"),
            ("who=" + new string('x', AuditSearch.MaxUserLength + 1), "bad_who"),
        })
        {
            using var response = await head.GetAsync($"/api/audit?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("code").GetString() == code, $"{query}: {problem.RootElement}");
        }

        // A token of the right shape that no page gave: read from where it points, or refused with the code, never a 500.
        foreach (var made in new[] { "x", "a b c", "1!8!bm9wZQ-- 1!8!bm9wZQ--", " " })
        {
            using var response = await head.GetAsync($"/api/audit?continuation={Base64Url.EncodeToString(Encoding.UTF8.GetBytes(made))}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK || (response.StatusCode == HttpStatusCode.BadRequest && body.Contains("bad_continuation", StringComparison.Ordinal)),
                $"token '{made}': {response.StatusCode} {body}");
        }

        // 366 days, both included, is the longest search.
        using var longest = await head.GetAsync("/api/audit?from=2027-01-01&to=2028-01-01");
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    private static async Task UploadScopeAsync(HttpClient http, string campaignId)
    {
        using var response = await http.PutAsync($"/api/campaigns/{campaignId}/scope", new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Every entry a search finds, over all its pages.</summary>
    private static async Task<IReadOnlyList<AuditEntry>> SearchAsync(HttpClient http, string query)
    {
        var entries = new List<AuditEntry>();
        string? token = null;
        do
        {
            var page = await http.GetFromJsonAsync<AuditPage>($"/api/audit?{query}{(token is null ? "" : $"&continuation={token}")}", Workflows.Json);
            entries.AddRange(page!.Entries);
            token = page.Continuation;
        }
        while (token is not null);

        return entries;
    }
}

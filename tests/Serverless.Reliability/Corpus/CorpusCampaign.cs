using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Serverless.Functions.Bidding;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Reliability.Corpus;

/// <summary>The bidding campaign the corpus's bids are sent to, opened over HTTP as the price office does (README, a campaign).</summary>
internal static class CorpusCampaign
{
    /// <summary>Round 1 stays open for the whole run.</summary>
    public static readonly TimeSpan RoundWindow = TimeSpan.FromHours(6);

    public static HttpClient PriceOfficeClient(Uri root)
    {
        var http = new HttpClient { BaseAddress = root };
        var token = RunTokens.Tokens.Issue("corpus.runner", Roles.PriceOffice, null, DateTimeOffset.UtcNow + RoundWindow);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Uploads the scope, starts the campaign and waits until round 1 is open.</summary>
    public static async Task OpenAsync(HttpClient http, string campaignId, SampleCampaign sample, CancellationToken cancellationToken)
    {
        using var scope = new ByteArrayContent(sample.ScopeWorkbook());
        using var put = await http.PutAsync(new Uri($"/api/campaigns/{campaignId}/scope", UriKind.Relative), scope, cancellationToken);
        Expect(put, HttpStatusCode.NoContent, "upload the campaign scope");
        using var post = await http.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaignId, (int)RoundWindow.TotalSeconds), cancellationToken);
        Expect(post, HttpStatusCode.Accepted, "start the campaign");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while ((await StatusAsync(http, campaignId, timeout.Token))?.Progress?.Phase != "Round1")
        {
            await Task.Delay(200, timeout.Token);
        }
    }

    public static Task<CampaignStatus?> StatusAsync(HttpClient http, string campaignId, CancellationToken cancellationToken)
        => http.GetFromJsonAsync<CampaignStatus>(new Uri($"/api/campaigns/{campaignId}", UriKind.Relative), Workflows.Json, cancellationToken);

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Serverless.Azurite;
using Serverless.Durable;
using Serverless.Durable.AzureStorage;
using Serverless.Durable.Storage;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// The custom-handler protocol, spoken to the app started as a real process with FUNCTIONS_CUSTOMHANDLER_PORT, with
/// the payloads the Functions host sends (Data + Metadata) for a blob trigger, a queue trigger and a forwarded HTTP call.
/// </summary>
public sealed class CustomHandlerProtocolTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    /// <summary>The host writes Pascal-case property names (Data, Metadata, BlobTrigger…).</summary>
    private static readonly JsonSerializerOptions HostJson = new();

    [Fact]
    public async Task Handler_answers_readiness_blob_queue_and_http_invocations_as_the_host_expects()
    {
        var hub = UniqueNames.Unique("hub");
        // Activities in place, so one control-queue invocation runs the start through to its end (checked below).
        using var host = new HostProcess(fixture.Azurite.ConnectionString, hub, asCustomHandler: true, new Dictionary<string, string> { [AppSettings.InlineActivities] = "true" });
        await host.StartAsync();
        using var http = TestTokens.Client(host.BaseAddress, Roles.PriceOffice);
        var storage = StorageClients.FromConnectionString(fixture.Azurite.ConnectionString, hub);

        // Blob trigger: an upload for a campaign that is not open is archived and refused with a report.
        var campaign = UniqueNames.Unique("closed");
        var path = CampaignStore.UploadBlob(campaign, 1, "H01001");
        await storage.Blobs.GetBlobContainerClient(StorageNames.BidsContainer).GetBlobClient(path).UploadAsync(new BinaryData("x"u8.ToArray()));
        var blobResponse = await http.PostAsJsonAsync($"/{FunctionCatalog.BidUpload}", new
        {
            Data = new { blob = Convert.ToBase64String("x"u8.ToArray()) },
            Metadata = new { BlobTrigger = $"{StorageNames.BidsContainer}/{path}", Uri = $"http://127.0.0.1/{path}", name = path },
        }, HostJson);
        Assert.True(blobResponse.StatusCode == HttpStatusCode.OK, await blobResponse.Content.ReadAsStringAsync());
        using (var body = JsonDocument.Parse(await blobResponse.Content.ReadAsStringAsync()))
        {
            Assert.True(body.RootElement.TryGetProperty("Outputs", out _));
            Assert.Contains(path, body.RootElement.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        }

        var reports = await new CampaignStore(storage).ListAsync(StorageNames.ReportsContainer, $"{campaign}/round-1/H01001/refused-", CancellationToken.None);
        Assert.Single(reports);

        // Queue trigger: the start message of a campaign, taken off the control queue as the host would, runs its step.
        var backend = new AzureStorageBackend(storage.Durable);
        var client = new DurableTaskClient(backend);
        var instance = UniqueNames.Unique("noscope");
        await client.ScheduleNewOrchestrationInstanceAsync(CampaignOrchestration.Name, new CampaignStart(instance), new StartOrchestrationOptions(instance));
        var partition = ControlQueuePartitioner.PartitionOf(instance, backend.ControlQueueCount);
        var queue = new QueueClient(fixture.Azurite.ConnectionString, $"{hub}-control-{partition:D2}");
        var message = (await queue.ReceiveMessagesAsync(1)).Value.Single();
        var queueResponse = await http.PostAsJsonAsync($"/{FunctionCatalog.ControlFunction(partition)}", new
        {
            Data = new { message = message.Body.ToString() },
            Metadata = new { Id = message.MessageId, message.PopReceipt, DequeueCount = message.DequeueCount, InsertionTime = message.InsertedOn },
        }, HostJson);
        Assert.Equal(HttpStatusCode.OK, queueResponse.StatusCode);
        var finished = await client.GetInstanceAsync(instance);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished!.RuntimeStatus);
        Assert.Equal("ScopeRefused", finished.ReadOutputAs<CampaignSummary>()!.Outcome);

        // Timer trigger: the nightly status-index rebuild restores an index entry that was lost.
        var indexTable = storage.Tables.GetTableClient($"{hub}Index");
        await indexTable.DeleteEntityAsync("i", instance);
        Assert.Empty((await client.QueryInstancesAsync(new InstanceQuery(NamePrefix: CampaignOrchestration.Name))).Instances);
        var timerResponse = await http.PostAsJsonAsync($"/{FunctionCatalog.StatusIndexRebuild}", new
        {
            Data = new { timer = new { Schedule = new { AdjustForDST = true }, ScheduleStatus = new { Last = "2026-11-22T18:30:00+00:00", Next = "2026-11-23T18:30:00+00:00" }, IsPastDue = true } },
            Metadata = new { sys = new { MethodName = FunctionCatalog.StatusIndexRebuild, UtcNow = "2026-11-23T18:31:02Z" } },
        }, HostJson);
        Assert.Equal(HttpStatusCode.OK, timerResponse.StatusCode);
        Assert.Contains("past due", await timerResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(instance, Assert.Single((await client.QueryInstancesAsync(new InstanceQuery(NamePrefix: CampaignOrchestration.Name))).Instances).InstanceId);

        // A message the handler cannot apply gets a non-2xx answer, so the host retries and finally poisons it.
        var failed = await http.PostAsJsonAsync($"/{FunctionCatalog.DurableWorkItems}", new { Data = new { message = "not json" }, Metadata = new { Id = "1", PopReceipt = "p", DequeueCount = 1 } }, HostJson);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Contains("failed", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // HTTP functions are forwarded as plain requests to the app's API; readiness is GET /.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/campaigns/{UniqueNames.Unique("none")}")).StatusCode);
    }
}

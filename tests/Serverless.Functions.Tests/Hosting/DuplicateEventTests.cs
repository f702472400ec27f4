using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Azurite;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// The Functions host may deliver a blob notification twice (and the local scanner already handled it once): the
/// second delivery of the same blob version changes nothing — one application, one counted bid workbook.
/// </summary>
public sealed class DuplicateEventTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_second_delivery_of_an_upload_notification_is_applied_once()
    {
        await using var app = await ServerlessApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0", $"--{AppSettings.StorageConnection}", fixture.Azurite.ConnectionString,
            $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", TestApps.LedgerKey,
            $"--{AppSettings.TaskHub}", UniqueNames.Unique("hub"), $"--{AppSettings.UploadScanInterval}", "200", $"--{BiddingOptions.DeliveryGraceSetting}", "5", "--Logging:LogLevel:Default", "Warning",
            .. TestTokens.AppArguments,
        ]);
        await app.StartAsync();
        var storage = app.Services.GetRequiredService<StorageClients>();
        var handlers = app.Services.GetServices<IBlobUploadHandler>().ToDictionary(h => h.Container);

        // An application workbook: handled by the scanner, then delivered again.
        var hospital = NewItems.NewItemHarness.NewHospital();
        var workbook = WorkbookWriter.ToBytes([new SheetTable("新增项目申请",
            [.. Domain.NewItems.NewItemSheets.Applications.Columns.Take(8).Select(c => new TableColumn(c.ChineseHeader))],
            [[hospital, "超声引导下神经阻滞镇痛", "围术期镇痛", "260", "300", "治疗类", "否", "报告.pdf"]])]);
        var blob = storage.Blobs.GetBlobContainerClient(StorageNames.ApplicationsContainer).GetBlobClient($"{hospital}/申请.xlsx");
        await blob.UploadAsync(new BinaryData(workbook));
        await StorageProbe.UntilAsync(async () => (await app.Services.GetRequiredService<NewItemStore>().ApplicationIdsOfAsync(hospital, CancellationToken.None)).Count == 1);
        var properties = (await blob.GetPropertiesAsync()).Value;
        await handlers[StorageNames.ApplicationsContainer].HandleAsync(new BlobUpload(StorageNames.ApplicationsContainer, $"{hospital}/申请.xlsx", properties.ETag.ToString(), properties.CreatedOn), CancellationToken.None);
        await Task.Delay(500);
        Assert.Single(await app.Services.GetRequiredService<NewItemStore>().ApplicationIdsOfAsync(hospital, CancellationToken.None));
        var archived = await StorageProbe.BlobNamesAsync(storage, StorageNames.ArchiveContainer, $"applications/{hospital}/");
        Assert.True(archived.Count == 1, string.Join(", ", archived));

        // A bid workbook in an open round: the campaign counts the hospital's submission once.
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 3, Leagues: 1, HospitalsPerLeague: 3, Items: 8, BadRowShare: 0, QuirkShare: 0));
        var campaignId = UniqueNames.Unique("dup");
        using var price = TestTokens.Client(new Uri(app.Urls.First()), Roles.PriceOffice);
        Assert.Equal(HttpStatusCode.NoContent, (await price.PutAsync($"/api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaignId, 600))).StatusCode);
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        await StorageProbe.UntilAsync(async () => (await client.GetInstanceAsync(campaignId, getInputsAndOutputs: true))?.ReadCustomStatusAs<CampaignProgress>()?.Phase == "Round1");
        var bidder = sample.Bidders.First().Code;
        var bidBlob = storage.Blobs.GetBlobContainerClient(StorageNames.BidsContainer).GetBlobClient(CampaignStore.UploadBlob(campaignId, 1, bidder.Value));
        await bidBlob.UploadAsync(new BinaryData(sample.BidWorkbook(bidder, 1)));
        await StorageProbe.UntilAsync(async () => (await client.GetInstanceAsync(campaignId, getInputsAndOutputs: true))?.ReadCustomStatusAs<CampaignProgress>()?.Submitted == 1);
        var bidProperties = (await bidBlob.GetPropertiesAsync()).Value;
        await handlers[StorageNames.BidsContainer].HandleAsync(new BlobUpload(StorageNames.BidsContainer, CampaignStore.UploadBlob(campaignId, 1, bidder.Value), bidProperties.ETag.ToString(), bidProperties.CreatedOn), CancellationToken.None);
        await Task.Delay(1500);
        var store = app.Services.GetRequiredService<CampaignStore>();
        Assert.Single(await store.SubmissionsAsync(campaignId, 1, CancellationToken.None));
        Assert.Equal(1, (await client.GetInstanceAsync(campaignId, getInputsAndOutputs: true))!.ReadCustomStatusAs<CampaignProgress>()!.Submitted);
        await app.StopAsync();
    }
}

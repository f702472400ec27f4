using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask.Client;
using Serverless.Azurite;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// A blob event that leaves the bytes as they were — metadata set, the same file uploaded again under a new ETag —
/// starts no second submission; a changed upload still does, also one changing back to an earlier content (issue 18).
/// The app's own upload scanner delivers every event, as the blob trigger would.
/// </summary>
public sealed class UploadReplayTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_bid_is_submitted_again_only_when_its_bytes_change()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var storage = app.Services.GetRequiredService<StorageClients>();
        var store = app.Services.GetRequiredService<CampaignStore>();
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var sample = SampleCampaign.Generate(new SampleOptions(Seed: 5, Leagues: 1, HospitalsPerLeague: 3, Items: 8, BadRowShare: 0, QuirkShare: 0));
        var campaignId = UniqueNames.Unique("replay");
        using var price = TestTokens.Client(new Uri(app.Urls.First()), Roles.PriceOffice);
        Assert.Equal(HttpStatusCode.NoContent, (await price.PutAsync($"/api/campaigns/{campaignId}/scope", new ByteArrayContent(sample.ScopeWorkbook()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await price.PostAsJsonAsync("/api/campaigns", new CampaignStart(campaignId, 600))).StatusCode);
        await StorageProbe.UntilAsync(async () => (await client.GetInstanceAsync(campaignId, getInputsAndOutputs: true))?.ReadCustomStatusAs<CampaignProgress>()?.Phase == "Round1");
        var bidders = sample.Bidders.Select(b => b.Code).ToList();
        var name = CampaignStore.UploadBlob(campaignId, 1, bidders[0].Value);
        var blob = storage.Blobs.GetBlobContainerClient(StorageNames.BidsContainer).GetBlobClient(name);
        var original = sample.BidWorkbook(bidders[0], 1);
        var folder = $"{campaignId}/round-1/{bidders[0].Value}/";

        await blob.UploadAsync(new BinaryData(original));
        await HandledAsync(storage, blob);
        await StorageProbe.UntilAsync(async () => (await store.SubmissionsAsync(campaignId, 1, CancellationToken.None)).Count == 1);
        var first = Assert.Single(await ArchivedAsync(storage, folder));

        await blob.SetMetadataAsync(new Dictionary<string, string> { ["checked"] = "yes" });
        await HandledAsync(storage, blob);
        await blob.UploadAsync(new BinaryData(original), overwrite: true);
        await HandledAsync(storage, blob);
        Assert.Equal([first], await ArchivedAsync(storage, folder));
        Assert.Equal($"{folder}{first}", (await store.SubmissionsAsync(campaignId, 1, CancellationToken.None)).Single().GetString("ArchiveBlob"));

        // Other bytes (another hospital's workbook, refused on validation) are a new submission; the original again is one more.
        await blob.UploadAsync(new BinaryData(sample.BidWorkbook(bidders[1], 1)), overwrite: true);
        await HandledAsync(storage, blob);
        await StorageProbe.UntilAsync(async () => (await ArchivedAsync(storage, folder)).Count == 2);
        await blob.UploadAsync(new BinaryData(original), overwrite: true);
        await HandledAsync(storage, blob);
        await StorageProbe.UntilAsync(async () => (await ArchivedAsync(storage, folder)).Count == 3);
        var latest = (await blob.GetPropertiesAsync()).Value;
        var third = new BlobUpload(StorageNames.BidsContainer, name, latest.ETag.ToString(), latest.CreatedOn).VersionStamp;
        await StorageProbe.UntilAsync(async () => (await store.SubmissionsAsync(campaignId, 1, CancellationToken.None)).Single().GetString("ArchiveBlob") == $"{folder}{third}.xlsx");
        await app.StopAsync();
    }

    [Fact]
    public async Task An_application_workbook_starts_workflows_again_only_when_its_bytes_change()
    {
        await using var app = await TestApps.StartAsync(fixture);
        var storage = app.Services.GetRequiredService<StorageClients>();
        var hospital = NewItems.NewItemHarness.NewHospital();
        var blob = storage.Blobs.GetBlobContainerClient(StorageNames.ApplicationsContainer).GetBlobClient($"{hospital}/申请.xlsx");
        var workbook = Workbook(hospital, "超声引导下神经阻滞镇痛");

        await blob.UploadAsync(new BinaryData(workbook));
        await HandledAsync(storage, blob);
        await StorageProbe.UntilAsync(async () => (await app.Services.GetRequiredService<NewItemStore>().ApplicationIdsOfAsync(hospital, CancellationToken.None)).Count == 1);

        await blob.SetMetadataAsync(new Dictionary<string, string> { ["checked"] = "yes" });
        await HandledAsync(storage, blob);
        await blob.UploadAsync(new BinaryData(workbook), overwrite: true);
        await HandledAsync(storage, blob);
        Assert.Single(await app.Services.GetRequiredService<NewItemStore>().ApplicationIdsOfAsync(hospital, CancellationToken.None));
        Assert.Single(await ArchivedAsync(storage, $"applications/{hospital}/"));

        await blob.UploadAsync(new BinaryData(Workbook(hospital, "经皮穿刺椎体成形术")), overwrite: true);
        await HandledAsync(storage, blob);
        await StorageProbe.UntilAsync(async () => (await app.Services.GetRequiredService<NewItemStore>().ApplicationIdsOfAsync(hospital, CancellationToken.None)).Count == 2);
        Assert.Equal(2, (await ArchivedAsync(storage, $"applications/{hospital}/")).Count);
        await app.StopAsync();
    }

    private static byte[] Workbook(string hospital, string item) => WorkbookWriter.ToBytes([new SheetTable("新增项目申请",
        [.. Domain.NewItems.NewItemSheets.Applications.Columns.Take(8).Select(c => new TableColumn(c.ChineseHeader))],
        [[hospital, item, "围术期镇痛", "260", "300", "治疗类", "否", "报告.pdf"]])]);

    /// <summary>Waits until the scanner has handled the blob's current version (its receipt carries that ETag and says done).</summary>
    private static async Task HandledAsync(StorageClients storage, BlobClient blob)
    {
        var etag = (await blob.GetPropertiesAsync()).Value.ETag.ToString().Trim('"');
        var receipts = storage.Tables.GetTableClient(StorageNames.ReceiptsTable);
        await StorageProbe.UntilAsync(async () =>
        {
            var receipt = await receipts.GetEntityIfExistsAsync<TableEntity>(blob.BlobContainerName, BlobUploadScanner.ReceiptKey(blob.Name));
            return receipt.HasValue && receipt.Value!.GetString("ETag")?.Trim('"') == etag && receipt.Value.GetString("Status") == "done";
        });
    }

    private static async Task<List<string>> ArchivedAsync(StorageClients storage, string prefix)
        => [.. (await StorageProbe.BlobNamesAsync(storage, StorageNames.ArchiveContainer, prefix)).Select(name => name[prefix.Length..])];
}

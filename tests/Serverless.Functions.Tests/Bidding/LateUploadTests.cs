using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serverless.Azurite;
using Serverless.Domain.Calendar;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Tests.Durable;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.Tests.Bidding;

/// <summary>
/// The bid upload handler on Azurite, run after the round's deadline as a busy trigger runs it: a workbook storage
/// wrote by the deadline is submitted with that time; the same blob overwritten after the deadline is refused as late
/// with a report, although its creation time is the first upload's.
/// </summary>
public sealed class LateUploadTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_bid_written_by_the_deadline_is_submitted_when_handled_after_it_and_an_overwrite_after_the_deadline_is_refused_as_late()
    {
        var storage = StorageClients.FromConnectionString(fixture.Azurite.ConnectionString, UniqueNames.Unique("hub"));
        await new StorageProvisioner(storage).EnsureAsync(CancellationToken.None);
        var campaignId = UniqueNames.Unique("late");
        var name = CampaignStore.UploadBlob(campaignId, 1, "H01001");
        var blob = storage.Blobs.GetBlobContainerClient(StorageNames.BidsContainer).GetBlobClient(name);

        // The campaign: waits for a submission and returns it.
        var registry = new DurableTaskRegistry();
        registry.AddOrchestratorFunc<string, List<BidSubmitted>>("Collect", async (context, _) =>
            [await context.WaitForExternalEvent<BidSubmitted>(CampaignOrchestration.BidSubmittedEvent)]);
        var engine = new ScriptedDurableEngine(registry, new FakeTimeProvider());
        await engine.Client.ScheduleNewOrchestrationInstanceAsync("Collect", "x", new StartOrchestrationOptions(campaignId));
        await engine.SettleAsync();
        var store = new CampaignStore(storage);
        var handler = new BidUploadFunction(store, new UploadedBlobs(storage), new WorkbookReader(), engine.Client, NullLogger<BidUploadFunction>.Instance);

        await blob.UploadAsync(new BinaryData(Sample()), overwrite: true);
        var first = (await blob.GetPropertiesAsync()).Value;
        var deadline = first.LastModified.UtcDateTime;
        await store.SaveRoundAsync(new RoundState(campaignId, 1, deadline, IsOpen: true, Extended: false), CancellationToken.None);
        await handler.HandleAsync(new BlobUpload(StorageNames.BidsContainer, name, first.ETag.ToString(), first.CreatedOn), CancellationToken.None);
        await engine.SettleAsync();

        var submitted = Assert.Single((await engine.Client.GetInstanceAsync(campaignId, getInputsAndOutputs: true))!.ReadOutputAs<List<BidSubmitted>>()!);
        Assert.Equal(("H01001", 1, first.LastModified), (submitted.Hospital, submitted.Round, submitted.UploadedAt));

        // Last-Modified counts whole seconds: the overwrite lands a second later.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await blob.UploadAsync(new BinaryData([.. Sample(), .. "x"u8.ToArray()]), overwrite: true);
        var second = (await blob.GetPropertiesAsync()).Value;
        Assert.True(second.LastModified.UtcDateTime > deadline);
        await handler.HandleAsync(new BlobUpload(StorageNames.BidsContainer, name, second.ETag.ToString(), second.CreatedOn), CancellationToken.None);

        var reports = new List<string>();
        await foreach (var item in storage.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer).GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{campaignId}/round-1/H01001/", CancellationToken.None))
        {
            reports.Add(item.Name);
        }

        var report = Assert.Single(reports);
        var text = await ReportText.ReadAsync(storage, report);
        Assert.Contains($"上传于 {ChinaTime.Format(second.LastModified)}（北京时间），晚于第 1 轮截止时间 {ChinaTime.Format(first.LastModified)}（北京时间），逾期上传不予受理", text, StringComparison.Ordinal);
    }

    private static byte[] Sample() => Serverless.Spreadsheets.Writing.WorkbookWriter.ToBytes([new Serverless.Spreadsheets.Writing.SheetTable("报价",
        [new Serverless.Spreadsheets.Writing.TableColumn("项目编码")], [["311400001"]])]);
}

using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serverless.Azurite;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;
using Serverless.Functions.Tests.Durable;
using Serverless.Spreadsheets.Reading;
using Xunit.Abstractions;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>No other test runs beside these: they measure what the whole process allocates while a handler runs.</summary>
[CollectionDefinition(nameof(AllocationMeasuring), DisableParallelization = true)]
public sealed class AllocationMeasuring;

/// <summary>
/// An upload over the reader's size limit (issue 18) is refused with a report naming it, from its properties alone:
/// the handler never downloads it — what the process allocates while it runs stays far below the blob's size.
/// </summary>
[Collection(nameof(AllocationMeasuring))]
public sealed class UploadSizeLimitTests(AzuriteFixture fixture, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int BlockBytes = 4 * 1024 * 1024;
    private const int Blocks = 16;
    private const long BlobBytes = (long)BlockBytes * Blocks;

    [Fact]
    public async Task A_bid_over_the_limit_gets_a_report_and_is_neither_read_nor_archived()
    {
        var storage = await StorageAsync();
        var campaign = UniqueNames.Unique("big");
        var name = CampaignStore.UploadBlob(campaign, 1, "H01001");
        var handler = new BidUploadFunction(new CampaignStore(storage), new UploadedBlobs(storage), new WorkbookReader(),
            new ScriptedDurableEngine(new DurableTaskRegistry(), new FakeTimeProvider()).Client, NullLogger<BidUploadFunction>.Instance);

        var allocated = await HandleMeasuredAsync(storage, handler, name);
        output.WriteLine($"Bid handler: {allocated:N0} bytes allocated for a {BlobBytes:N0}-byte blob.");

        Assert.True(allocated < BlobBytes / 8, $"The handler allocated {allocated:N0} bytes for a {BlobBytes:N0}-byte blob.");
        var report = Assert.Single(await NamesAsync(storage, StorageNames.ReportsContainer, $"{campaign}/round-1/H01001/"));
        Assert.StartsWith($"{campaign}/round-1/H01001/refused-", report, StringComparison.Ordinal);
        var text = await ReportText.ReadAsync(storage, report);
        Assert.Contains(UploadLimits.TooLargeCode, text, StringComparison.Ordinal);
        Assert.Contains("The file H01001.xlsx is 64.0 MB, over the 50 MB limit", text, StringComparison.Ordinal);
        Assert.Empty(await NamesAsync(storage, StorageNames.ArchiveContainer, $"{campaign}/"));
    }

    [Fact]
    public async Task An_application_workbook_over_the_limit_gets_a_report_and_starts_nothing()
    {
        var storage = await StorageAsync();
        var hospital = NewItems.NewItemHarness.NewHospital();
        var handler = new ApplicationUploadFunction(new CampaignStore(storage), new UploadedBlobs(storage), null!, new WorkbookReader(), NullLogger<ApplicationUploadFunction>.Instance);

        var allocated = await HandleMeasuredAsync(storage, handler, $"{hospital}/申请.xlsx");
        output.WriteLine($"Application handler: {allocated:N0} bytes allocated for a {BlobBytes:N0}-byte blob.");

        Assert.True(allocated < BlobBytes / 8, $"The handler allocated {allocated:N0} bytes for a {BlobBytes:N0}-byte blob.");
        var report = Assert.Single(await NamesAsync(storage, StorageNames.ReportsContainer, $"applications/{hospital}/"));
        Assert.Contains("The file 申请.xlsx is 64.0 MB, over the 50 MB limit", await ReportText.ReadAsync(storage, report), StringComparison.Ordinal);
        Assert.Empty(await NamesAsync(storage, StorageNames.ArchiveContainer, $"applications/{hospital}/"));
    }

    private async Task<StorageClients> StorageAsync()
    {
        var storage = StorageClients.FromConnectionString(fixture.Azurite.ConnectionString, UniqueNames.Unique("hub"));
        await new StorageProvisioner(storage).EnsureAsync(CancellationToken.None);
        return storage;
    }

    /// <summary>Uploads a 64 MiB blob made of one 4 MiB block staged 16 times, then runs the handler on it and returns the process's allocations meanwhile.</summary>
    private static async Task<long> HandleMeasuredAsync(StorageClients storage, IBlobUploadHandler handler, string name)
    {
        var blob = storage.Blobs.GetBlobContainerClient(handler.Container).GetBlockBlobClient(name);
        var block = new byte[BlockBytes];
        var ids = new List<string>();
        for (var i = 0; i < Blocks; i++)
        {
            ids.Add(Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{i:D4}")));
            using var content = new MemoryStream(block, writable: false);
            await blob.StageBlockAsync(ids[^1], content);
        }

        await blob.CommitBlockListAsync(ids);
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(BlobBytes, properties.ContentLength);
        var upload = new BlobUpload(handler.Container, name, properties.ETag.ToString(), properties.CreatedOn);

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await handler.HandleAsync(upload, CancellationToken.None);
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private static async Task<List<string>> NamesAsync(StorageClients storage, string container, string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in storage.Blobs.GetBlobContainerClient(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}

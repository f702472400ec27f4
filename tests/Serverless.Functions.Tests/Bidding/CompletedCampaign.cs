using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Serverless.Azurite;
using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;
using Serverless.Functions.Bidding;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Functions.Tests.Bidding;

/// <summary>
/// One small campaign (2 leagues/cities × 4 hospitals × 12 items) run once over HTTP and blob uploads for the tests that
/// read its API: the first hospital sends a broken file before its round-1 workbook; the statuses seen in round 2 and at
/// the end are kept, and the same workbooks are judged and adopted by the domain library directly.
/// </summary>
public sealed class CompletedCampaign : IAsyncLifetime
{
    private readonly Dictionary<(int Round, HospitalCode Hospital), byte[]> _uploaded = [];
    private AzuriteInstance? _azurite;
    private WebApplication? _app;

    public string CampaignId { get; } = UniqueNames.Unique("camp");

    public SampleCampaign Sample { get; } = SampleCampaign.Generate(new SampleOptions(Seed: 23, Leagues: 2, HospitalsPerLeague: 4, Items: 12, BadRowShare: 0.1));

    public IReadOnlyList<HospitalCode> Bidders => [.. Sample.Bidders.Select(h => h.Code)];

    public Uri BaseAddress => new(_app!.Urls.First());

    public string ConnectionString => _azurite!.ConnectionString;

    public string TaskHub { get; } = UniqueNames.Unique("hub");

    /// <summary>What an official saw once round 2 had opened.</summary>
    public CampaignStatus InRoundTwo { get; private set; } = null!;

    /// <summary>What an official sees once the campaign completed.</summary>
    public CampaignStatus Completed { get; private set; } = null!;

    public IReadOnlyList<BidWorkbookResult> RoundOne { get; private set; } = [];

    public IReadOnlyList<BidWorkbookResult> RoundTwo { get; private set; } = [];

    public CampaignResult Expected { get; private set; } = null!;

    public HttpClient Client(string role, string? hospital = null) => TestTokens.Client(BaseAddress, role, hospital);

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        _app = await ServerlessApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--{AppSettings.StorageConnection}", _azurite.ConnectionString,
            $"--{Serverless.Functions.ReserveFund.LedgerOptions.MacKeySetting}", TestApps.LedgerKey,
            $"--{AppSettings.TaskHub}", TaskHub,
            $"--{AppSettings.UploadScanInterval}", "200",
            $"--{Serverless.Functions.Bidding.BiddingOptions.DeliveryGraceSetting}", "5",
            "--Logging:LogLevel:Default", "Warning",
            .. TestTokens.AppArguments,
        ]);
        await _app.StartAsync();
        using var http = Client(Roles.PriceOffice);
        var storage = StorageClients.FromConnectionString(_azurite.ConnectionString, TaskHub);
        var bids = storage.Blobs.GetBlobContainerClient(StorageNames.BidsContainer);
        async Task UploadAsync(int round, HospitalCode hospital, byte[] content)
        {
            await bids.GetBlobClient(CampaignStore.UploadBlob(CampaignId, round, hospital.Value)).UploadAsync(new BinaryData(content), overwrite: true);
            _uploaded[(round, hospital)] = content;
        }

        (await http.PutAsync($"/api/campaigns/{CampaignId}/scope", new ByteArrayContent(Sample.ScopeWorkbook()))).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/campaigns", new CampaignStart(CampaignId, 120))).EnsureSuccessStatusCode();
        await WaitForAsync(http, s => s.Progress?.Phase == "Round1");
        await UploadAsync(1, Bidders[0], "not a workbook"u8.ToArray());
        await WaitForAsync(http, s => s.Progress?.RejectedFiles >= 1);
        foreach (var hospital in Bidders)
        {
            await UploadAsync(1, hospital, Sample.BidWorkbook(hospital, 1));
        }

        InRoundTwo = await WaitForAsync(http, s => s.Progress?.Phase == "Round2");
        foreach (var hospital in Bidders)
        {
            await UploadAsync(2, hospital, Sample.BidWorkbook(hospital, 2));
        }

        Completed = await WaitForAsync(http, s => s.RuntimeStatus == "Completed");

        var reader = new WorkbookReader();
        BidWorkbookResult Judge(int round, HospitalCode hospital, IReadOnlyDictionary<ItemCode, Proposal>? first)
        {
            var read = reader.ReadSheet(new MemoryStream(_uploaded[(round, hospital)]), $"{hospital.Value}.xlsx", WorkbookSchemas.Bids);
            return BidValidator.Validate(Sample.Catalog, hospital, round, $"{hospital.Value}.xlsx", read.Sheet, read.Issues, first);
        }

        RoundOne = [.. Bidders.Select(h => Judge(1, h, null))];
        RoundTwo = [.. RoundOne.Select(r => Judge(2, r.Hospital, r.Accepted.ToDictionary(p => p.Item)))];
        Expected = PriceAdoption.Adopt(Sample.Catalog, FinalProposals.Merge(RoundOne, RoundTwo));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    private async Task<CampaignStatus> WaitForAsync(HttpClient http, Func<CampaignStatus, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            var status = await http.GetFromJsonAsync<CampaignStatus>($"/api/campaigns/{CampaignId}", Workflows.Json, timeout.Token);
            if (status is null || status.RuntimeStatus is "Failed" or "Terminated")
            {
                throw new InvalidOperationException($"Campaign {CampaignId} failed: {status?.Failure}");
            }

            if (done(status))
            {
                return status;
            }

            await Task.Delay(200, timeout.Token);
        }
    }
}

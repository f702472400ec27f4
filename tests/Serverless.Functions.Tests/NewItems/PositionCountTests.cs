using Serverless.Azurite;
using Serverless.Domain;
using Serverless.Domain.Bidding;
using Serverless.Domain.NewItems;
using Serverless.Functions.Hosting;
using Serverless.Functions.NewItems;

namespace Serverless.Functions.Tests.NewItems;

/// <summary>A hospital's position counts each approved item once, whatever re-runs or concurrent trials do.</summary>
public sealed class PositionCountTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Trials_of_one_hospital_starting_together_each_count_once_and_a_rerun_counts_nothing()
    {
        var storage = StorageClients.FromConnectionString(fixture.Azurite.ConnectionString, UniqueNames.Unique("hub"));
        await storage.Tables.GetTableClient(StorageNames.MarketPositionsTable).CreateIfNotExistsAsync();
        var store = new NewItemStore(storage, TimeProvider.System);
        var hospital = new HospitalCode(NewItemHarness.NewHospital());
        await store.SavePositionAsync(new MarketRegulatedPosition(hospital, 100, 4, new(1_000_000m), new(40_000m)), CancellationToken.None);

        // Twenty applications approved at once, each counted by its activity twice (the re-run after a crash).
        var applications = Enumerable.Range(1, 20).Select(i => $"ni-{hospital.Value}-{i:D3}").ToList();
        var counted = await Task.WhenAll(applications.Concat(applications).Select(id => store.CountApprovedItemAsync(hospital, id, new Yuan(1_000.50m), CancellationToken.None)));

        Assert.Equal(20, counted.Count(c => c));
        var position = await store.GetPositionAsync(hospital.Value, CancellationToken.None);
        Assert.Equal((120, 24, 1_020_010.00m, 60_010.00m),
            (position!.ChargeItems, position.MarketRegulatedItems, position.MedicalServiceRevenue.Value, position.MarketRegulatedRevenue.Value));

        // The price office's new figures replace the numbers; the applications already in them are not counted again.
        await store.SavePositionAsync(new MarketRegulatedPosition(hospital, 130, 30, new(2_000_000m), new(90_000m)), CancellationToken.None);
        Assert.False(await store.CountApprovedItemAsync(hospital, applications[0], new Yuan(1_000.50m), CancellationToken.None));
        Assert.True(await store.CountApprovedItemAsync(hospital, $"ni-{hospital.Value}-new", new Yuan(500m), CancellationToken.None));
        position = await store.GetPositionAsync(hospital.Value, CancellationToken.None);
        Assert.Equal((131, 31, 2_000_500m), (position!.ChargeItems, position.MarketRegulatedItems, position.MedicalServiceRevenue.Value));
    }
}

using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;

namespace Serverless.Spreadsheets.Tests;

/// <summary>The generator is deterministic, and what it writes reads back as the same data.</summary>
public sealed class SampleCampaignTests
{
    private static readonly SampleOptions Small = new(Seed: 7, Leagues: 3, HospitalsPerLeague: 5, Items: 12, BadRowShare: 0.2);

    [Fact]
    public void The_same_seed_gives_identical_data()
    {
        var first = SampleCampaign.Generate(Small);
        var second = SampleCampaign.Generate(Small);
        var hospital = first.Bidders.First().Code;

        Assert.Equal(first.Scope.Items, second.Scope.Items);
        Assert.Equal(first.Scope.Providers, second.Scope.Providers);
        Assert.Equal(Cells(first.BidWorkbook(hospital, 2)), Cells(second.BidWorkbook(hospital, 2)));
        Assert.NotEqual(first.Scope.Items, SampleCampaign.Generate(Small with { Seed = 8 }).Scope.Items);
    }

    private static IEnumerable<string?> Cells(byte[] xlsx)
        => new WorkbookReader().ReadSheet(new MemoryStream(xlsx), "b.xlsx", WorkbookSchemas.Bids).Sheet!.Rows.SelectMany(r => r.Cells);

    [Fact]
    public void A_scope_written_and_read_back_is_the_same_scope()
    {
        var sample = SampleCampaign.Generate(Small);

        var sheets = new WorkbookReader().ReadSheets(new MemoryStream(sample.ScopeWorkbook()), "scope.xlsx", WorkbookSchemas.ScopeSheets);
        var loaded = ScopeLoader.Load([.. sheets.Select(s => s.Sheet!)]);

        Assert.True(loaded.IsValid, string.Join("\n", loaded.Issues.Select(i => i.MessageEn)));
        Assert.Equal(sample.Scope.Leagues, loaded.Scope!.Leagues);
        Assert.Equal(sample.Scope.Hospitals, loaded.Scope.Hospitals);
        Assert.Equal(sample.Scope.Items, loaded.Scope.Items);
        Assert.Equal(sample.Scope.CurrentPrices, loaded.Scope.CurrentPrices);
        Assert.Equal(sample.Scope.Providers, loaded.Scope.Providers);
    }

    [Fact]
    public void Generated_bids_read_back_with_their_bad_rows_rejected_and_good_rows_kept()
    {
        var sample = SampleCampaign.Generate(Small);
        var results = sample.Bidders.Select(h =>
        {
            var read = new WorkbookReader().ReadSheet(new MemoryStream(sample.BidWorkbook(h.Code, 1)), $"{h.Code}.xlsx", WorkbookSchemas.Bids);
            Assert.True(read.IsReadable, string.Join("; ", read.Issues.Select(i => i.MessageEn)));
            return BidValidator.Validate(sample.Catalog, h.Code, 1, $"{h.Code}.xlsx", read.Sheet, read.Issues);
        }).ToList();

        var rows = results.SelectMany(r => r.Rows).ToList();
        Assert.Equal(sample.Bidders.Sum(h => sample.RoundOneRows(h.Code).Count), rows.Count);
        Assert.Contains(rows, r => !r.IsValid);
        Assert.True(rows.Count(r => r.IsValid) > rows.Count / 2);
        Assert.Equal(rows.Count(r => r.IsValid), results.Sum(r => r.Accepted.Count));
    }
}

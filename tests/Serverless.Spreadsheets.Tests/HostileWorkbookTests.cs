using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Samples;
using Serverless.Spreadsheets.Testing;

namespace Serverless.Spreadsheets.Tests;

/// <summary>Issue 10: the reader takes whatever hostile workbook it is given without throwing, says why it cannot read one, and the report is writable.</summary>
public sealed class HostileWorkbookTests
{
    [Fact]
    public void Hostile_workbooks_never_throw_and_every_unreadable_one_names_its_file()
    {
        var campaign = SampleCampaign.Generate(HostileWorkbooks.CampaignOptions(364));
        var cases = new HostileWorkbooks(campaign, "corpus-1", seed: 1).Generate(364, includeMillionRows: false).ToList();
        var reader = new WorkbookReader();
        var failures = new List<string>();

        foreach (var hostile in cases)
        {
            try
            {
                var read = reader.ReadSheet(new MemoryStream(hostile.Content), hostile.FileName, hostile.Spec);
                if (!read.IsReadable && !read.Issues.Any(i => !string.IsNullOrWhiteSpace(i.FileName)))
                {
                    failures.Add($"{hostile}: unreadable, but no issue names the file");
                }

                // The report about it can always be written (its messages may quote broken characters).
                Writing.BiddingWorkbooks.ErrorReport(read.Issues);
            }
            catch (Exception escaped) when (escaped is not OutOfMemoryException)
            {
                failures.Add($"{hostile}: {escaped.GetType().Name} escaped: {escaped.Message}");
            }
        }

        Assert.Equal(Enum.GetValues<HostileCategory>().Length - 1, cases.Select(c => c.Category).Distinct().Count());
        Assert.Empty(failures);
    }

    [Fact]
    public void The_reader_refuses_every_case_the_corpus_expects_refused_and_reads_every_case_it_expects_accepted()
    {
        var campaign = SampleCampaign.Generate(HostileWorkbooks.CampaignOptions(364));
        var cases = new HostileWorkbooks(campaign, "corpus-1", seed: 1).Generate(364, includeMillionRows: false).ToList();
        var reader = new WorkbookReader();

        var wrong = cases.Where(c => c.Expected is HostileOutcome.Refused or HostileOutcome.Accepted)
            .Select(c => (Case: c, Read: reader.ReadSheet(new MemoryStream(c.Content), c.FileName, c.Spec)))
            .Where(r => r.Read.IsReadable != (r.Case.Expected == HostileOutcome.Accepted))
            .Select(r => $"{r.Case}: expected {r.Case.Expected}, read {(r.Read.IsReadable ? "readable" : string.Join(", ", r.Read.Issues.Select(i => i.Code)))}")
            .ToList();

        Assert.Empty(wrong);
    }
}

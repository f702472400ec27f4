using Azure.Storage.Blobs.Models;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Testing;

namespace Serverless.Reliability.Corpus;

/// <summary>
/// Scans every workbook the app wrote during the run (reports, results, work; the archive holds the hospitals'
/// originals and is skipped) with <see cref="FormulaScan"/>: none may hold a live formula from what was uploaded.
/// </summary>
internal static class ExportScan
{
    private static readonly string[] Containers = [StorageNames.ReportsContainer, StorageNames.ResultsContainer, StorageNames.WorkContainer];

    /// <summary>Prints the count of workbooks scanned and of findings (the first few in full); returns the findings' count.</summary>
    public static async Task<int> RunAsync(StorageClients storage, CancellationToken cancellationToken)
    {
        var scanned = 0;
        var findings = new List<string>();
        foreach (var name in Containers)
        {
            var container = storage.Blobs.GetBlobContainerClient(name);
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
            {
                if (!blob.Name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
                scanned++;
                findings.AddRange(FormulaScan.Scan(content.Value.Content.ToArray()).Select(f => $"{name}/{blob.Name}: {f}"));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{scanned:N0} exported workbooks scanned, {findings.Count:N0} live formulas");
        foreach (var finding in findings.Take(20))
        {
            Console.WriteLine($"  {finding}");
        }

        return findings.Count;
    }
}

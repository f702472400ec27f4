using System.IO.Compression;
using System.Text;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests;

/// <summary>What a report workbook in the reports container says: all the text of its XML parts (its sheet and shared strings).</summary>
internal static class ReportText
{
    public static async Task<string> ReadAsync(StorageClients storage, string name)
    {
        var content = (await storage.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer).GetBlobClient(name).DownloadContentAsync()).Value.Content;
        using var zip = new ZipArchive(content.ToStream(), ZipArchiveMode.Read);
        var text = new StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}

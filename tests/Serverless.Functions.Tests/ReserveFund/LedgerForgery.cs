using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Domain;
using Serverless.Domain.ReserveFund;
using Serverless.Functions.ReserveFund;

namespace Serverless.Functions.Tests.ReserveFund;

/// <summary>What someone with write access to the ledger table, but not the MAC key, can do to it.</summary>
public static class LedgerForgery
{
    /// <summary>Three entries (100, 200, 300 yuan) posted through the app's ledger.</summary>
    public static async Task<IReadOnlyList<LedgerEntry>> PostThreeAsync(LedgerTable ledger, InsuranceType fund)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var posted = new List<LedgerEntry>();
        foreach (var i in new[] { 1, 2, 3 })
        {
            posted.Add(await ledger.AppendAsync(fund, 2027, $"1301{i:D2}", "Collection", new Yuan(i * 100m), $"c-{i}", default));
        }

        return posted;
    }

    /// <summary>
    /// Sets entry <paramref name="sequence"/>'s amount and recomputes the hash chain from there exactly as the domain
    /// does (<see cref="Ledger.Append"/>), rewriting the entries' hashes and their idempotency markers; the MACs stay.
    /// Returns the forged chain, which <see cref="Ledger.Verify"/> finds intact.
    /// </summary>
    public static async Task<IReadOnlyList<LedgerEntry>> RewriteAmountAsync(TableClient table, IReadOnlyList<LedgerEntry> posted, long sequence, Yuan amount)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(posted);
        var forged = new List<LedgerEntry>();
        foreach (var entry in posted)
        {
            var edited = entry.Sequence == sequence ? entry with { Amount = amount } : entry;
            var next = entry.Sequence < sequence ? entry
                : Ledger.Append(forged.Count == 0 ? null : forged[^1], edited.Fund, edited.Year, edited.Region, edited.Kind, edited.Amount, edited.PostedAtUtc);
            forged.Add(next);
            if (entry.Sequence >= sequence)
            {
                await table.UpdateEntityAsync(new TableEntity(entry.Fund.ToString(), Row(entry.Sequence))
                {
                    ["Amount"] = next.Amount.Value.ToString("0.00", CultureInfo.InvariantCulture),
                    ["PreviousHash"] = next.PreviousHash,
                    ["Hash"] = next.Hash,
                }, ETag.All, TableUpdateMode.Merge);
            }
        }

        await foreach (var marker in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {"key-"} and RowKey lt {"key."}")))
        {
            var markedSequence = marker.GetInt64("Sequence") ?? 0;
            if (markedSequence >= sequence)
            {
                marker["Hash"] = forged[(int)markedSequence - 1].Hash;
                await table.UpdateEntityAsync(marker, ETag.All, TableUpdateMode.Replace);
            }
        }

        return forged;
    }

    /// <summary>Rows a hand-written edit could leave: by name, the row to write into the Employees partition (or another).</summary>
    public static TableEntity StrayOrMalformed(string kind, IReadOnlyList<LedgerEntry> posted)
    {
        ArgumentNullException.ThrowIfNull(posted);
        var second = posted[1];
        TableEntity Entry(string rowKey) => new("Employees", rowKey)
        {
            ["Year"] = second.Year, ["Region"] = second.Region, ["Kind"] = second.Kind, ["Amount"] = "200.00",
            ["PostedAtUtc"] = second.PostedAtUtc, ["PreviousHash"] = second.PreviousHash, ["Hash"] = second.Hash,
        };
        return kind switch
        {
            "bad amount" => With(Entry(Row(2)), "Amount", "2OO.00"),
            "amount as a number" => With(Entry(Row(2)), "Amount", 200.0),
            "year as text" => With(Entry(Row(2)), "Year", "2027"),
            "missing hash" => Without(Entry(Row(2)), "Hash"),
            "non-numeric sequence" => Entry("000000000000000000x"),
            "short sequence" => Entry("4"),
            "stray row" => new TableEntity("Employees", "zz-note") { ["Text"] = "hello" },
            "marker without sequence" => new TableEntity("Employees", "key-0000") { ["Hash"] = second.Hash },
            "another partition" => new TableEntity("Pensions", Row(1)) { ["Amount"] = "5.00" },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    public static async Task ClearAsync(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        await table.CreateIfNotExistsAsync();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
    }

    public static string Row(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    private static TableEntity With(TableEntity entity, string name, object value)
    {
        entity[name] = value;
        return entity;
    }

    private static TableEntity Without(TableEntity entity, string name)
    {
        entity.Remove(name);
        return entity;
    }
}

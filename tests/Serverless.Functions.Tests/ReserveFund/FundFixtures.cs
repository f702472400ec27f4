using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Domain.ReserveFund;
using Serverless.Functions.ReserveFund;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Tests.ReserveFund;

/// <summary>
/// Three regions' statements with hand-computed results (ratio 3 %, cap 5 %, reserve share 0.7·d·c·e):
/// contributions R01 30,000.00, R02 60,000.00, R03 500,000.55 × 3 % = 15,000.0165 → 15,000.02 (total 105,000.02,
/// under the cap 5 % × 5,300,000 = 265,000.00). R02's deficit 100,000 takes 40,000 from its surplus; of the 60,000
/// left the fund pays 0.7 × d 1 (mean ratio 3 ÷ 2, capped) × c 0.96 (0.912 ÷ 0.95) × e 0.9 = 0.6048 → 36,288.00 and
/// the government 23,712.00. The balance ends at 105,000.02 − 36,288.00 = 68,712.02.
/// </summary>
public static class FundFixtures
{
    public const decimal Collected = 105_000.02m;
    public const decimal R02ReservePaid = 36_288.00m;
    public const decimal R02Government = 23_712.00m;
    public const decimal BalanceAfter = 68_712.02m;

    public static byte[] StatementsWorkbook() => WorkbookWriter.ToBytes([new SheetTable("基金收支",
        [.. FundSheets.Statements.Columns.Select(c => new TableColumn(c.ChineseHeader))],
        [
            ["R01", 1_000_000.00m, 1_500_000m, 900_000m, 200_000m, 3.0m, 0.96m, 1.0m],
            ["R02", 2_000_000.00m, 3_000_000m, 2_100_000m, 40_000m, 2.0m, 0.912m, 0.9m],
            ["R03", 500_000.55m, 800_000m, 450_000m, 10_000m, 4.0m, 0.99m, 1.1m],
        ])]);

    /// <summary>The same workbook with a negative revenue in row 3 (R02): refused whole.</summary>
    public static byte[] BrokenStatementsWorkbook() => WorkbookWriter.ToBytes([new SheetTable("基金收支",
        [.. FundSheets.Statements.Columns.Select(c => new TableColumn(c.ChineseHeader))],
        [
            ["R01", 1_000_000.00m, 1_500_000m, 900_000m, 200_000m, 3.0m, 0.96m, 1.0m],
            ["R02", -5m, 3_000_000m, 2_100_000m, 40_000m, 2.0m, 0.912m, 0.9m],
        ])]);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The employees fund's collection <paramref name="year"/> over HTTP, once <paramref name="done"/> holds (at most a minute).</summary>
    public static async Task<FundEndpoints.FundYearView> WaitForYearAsync(HttpClient http, int year, Func<FundEndpoints.FundYearView, bool> done)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await http.GetAsync(new Uri($"/api/fund/employees/{year}", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadFromJsonAsync<FundEndpoints.FundYearView>(Json)) is { } view && done(view))
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The collection did not get there: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Domain.ReserveFund;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;
using Serverless.Spreadsheets.Reading;

namespace Serverless.Functions.ReserveFund;

/// <summary>The reserve fund's API: statements in, transfer confirmations, the year's status, the ledger and its verification.</summary>
public static class FundEndpoints
{
    public sealed record FundYearView(string InstanceId, string RuntimeStatus, FundProgress? Progress, FundCollectionSummary? Summary,
        IReadOnlyList<ContributionView> Contributions, IReadOnlyList<string> Files);

    public sealed record ContributionView(string Region, decimal Amount, bool Confirmed, string? ConfirmedBy, DateTimeOffset? ConfirmedAt, string? ArrivalDate = null, string? VoucherNumber = null);

    /// <summary>The confirmation's optional body: the day the money arrived (yyyy-MM-dd, China) and the bank voucher's number.</summary>
    public sealed record TransferReceiptRequest(string? ArrivalDate, string? VoucherNumber);

    public sealed record LedgerView(string Fund, decimal Balance, bool Intact, string? Problem, IReadOnlyList<LedgerEntry> Entries);

    public sealed record ConfirmResult(string Region, string Status);

    /// <summary>
    /// The fund office uploads the regions' statements for a collection year (the past year's figures). A workbook
    /// with any error is refused whole, listing every problem: contributions must not be computed on partial figures.
    /// The original is archived either way; a running collection waiting for statements goes on.
    /// </summary>
    public static async Task<Results<Ok<int>, BadRequest<IReadOnlyList<SheetIssue>>, NotFound<string>>> UploadStatementsAsync(string fund, int year, HttpRequest request,
        FundStore store, WorkbookReader reader, DurableTaskClient client, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RequestBounds.TryParseName<InsuranceType>(fund, out var type))
        {
            return TypedResults.NotFound($"Unknown fund '{fund}': Employees or Residents.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var content = buffer.ToArray();
        await store.UploadAsync(StorageNames.ArchiveContainer, $"{FundStore.Folder(type, year)}/statements-{time.GetUtcNow():yyyyMMdd'T'HHmmssfff'Z'}.xlsx", content, cancellationToken);
        using var stream = new MemoryStream(content);
        var read = reader.ReadSheet(stream, "statements.xlsx", FundSheets.Statements);
        var issues = read.Issues.Where(i => i.Severity == IssueSeverity.Error).ToList();
        if (read.Sheet is not null)
        {
            var (statements, rowIssues) = FundSheets.ReadStatements(read.Sheet);
            issues.AddRange(rowIssues.Where(i => i.Severity == IssueSeverity.Error));
            if (issues.Count == 0 && statements.Count == 0)
            {
                issues.Add(new SheetIssue("statements.xlsx", read.Sheet.SheetName, null, null, null, "empty", "没有统筹区数据", "The workbook has no region rows."));
            }
        }

        if (issues.Count > 0)
        {
            return TypedResults.BadRequest<IReadOnlyList<SheetIssue>>(issues);
        }

        await store.UploadAsync(StorageNames.WorkContainer, FundStore.StatementsBlob(type, year), content, cancellationToken);
        var instanceId = FundCollectionStart.InstanceIdFor(type, year);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken) is { } live && live.WillHearEvents())
        {
            await client.RaiseEventAsync(instanceId, FundCollectionOrchestration.StatementsReadyEvent, true, cancellationToken);
        }

        await audit.RecordAsync(request.HttpContext.User, "fund.statements", instanceId, null, cancellationToken);
        return TypedResults.Ok(read.Sheet!.Rows.Count);
    }

    /// <summary>
    /// The finance office confirms a region's transfer: 202 once, 200 when already confirmed, 404 when no such contribution
    /// is due. A body with the arrival date and voucher number is kept with the confirmation; without one (older clients)
    /// the confirmation is recorded alone. A receipt that does not hold is refused (400, bad_arrival_date or bad_voucher);
    /// a regional finance office confirms its own region only (403, other_region).
    /// </summary>
    public static async Task<IResult> ConfirmAsync(string fund, int year, string region, FundStore store, DurableTaskClient client, AuditTrail audit,
        TimeProvider time, HttpContext http, CancellationToken cancellationToken, TransferReceiptRequest? receipt = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        if (!RequestBounds.TryParseName<InsuranceType>(fund, out var type))
        {
            return TypedResults.NotFound($"Unknown fund '{fund}'.");
        }

        if (!SignedInRegion.MayConfirm(http.User, region))
        {
            return ApiProblem.Of(StatusCodes.Status403Forbidden, "other_region", "Other region", $"A finance office of {SignedInRegion.CodeOf(http.User)} confirms that region's transfers only, not {region}'s.");
        }

        TransferReceipt? parsed = null;
        if (receipt is not null)
        {
            parsed = TransferReceipt.TryParse(receipt.ArrivalDate, receipt.VoucherNumber, year, Domain.Calendar.ChinaTime.ToChinaDate(time.GetUtcNow()), out var problem);
            if (parsed is null)
            {
                return ApiProblem.Of(StatusCodes.Status400BadRequest, problem!, problem!.Replace('_', ' '), problem == "bad_voucher"
                    ? "voucherNumber: 1 to 40 letters, digits and -."
                    : $"arrivalDate: a yyyy-MM-dd date in {year} or later and not after today (China time).");
            }
        }

        var row = await store.ContributionAsync(type, year, region, cancellationToken);
        if (row is null || decimal.Parse(row.GetString("Amount") ?? "0", CultureInfo.InvariantCulture) == 0m)
        {
            return TypedResults.NotFound($"No {type} contribution of region {region} is due for {year}.");
        }

        var official = http.User.Identity?.Name ?? "anonymous";
        var instanceId = FundCollectionStart.InstanceIdFor(type, year);
        var confirmed = new TransferConfirmed(region, official, time.GetUtcNow());
        if (!await store.ConfirmAsync(row, official, parsed, cancellationToken))
        {
            // A retry by the official who confirmed finishes what a lost first attempt may have left undone: the audit
            // entry and the event (the workflow posts a region once, however often it hears of it).
            var current = await store.ContributionAsync(type, year, region, cancellationToken);
            if (current?.GetString("ConfirmedBy") == official)
            {
                await audit.RecordOnceAsync(http.User, "fund.transfer.confirm", instanceId, region, region, cancellationToken);
                if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken) is { } live && live.WillHearEvents())
                {
                    await client.RaiseEventAsync(instanceId, FundCollectionOrchestration.TransferConfirmedEvent, confirmed, cancellationToken);
                }
            }

            return TypedResults.Ok(new ConfirmResult(region, "already confirmed"));
        }

        await audit.RecordOnceAsync(http.User, "fund.transfer.confirm", instanceId, region, region, cancellationToken);
        await client.RaiseEventAsync(instanceId, FundCollectionOrchestration.TransferConfirmedEvent, confirmed, cancellationToken);
        return TypedResults.Accepted($"/api/fund/{type}/{year}", new ConfirmResult(region, "confirmed"));
    }

    public static async Task<Results<Ok<FundYearView>, NotFound>> GetAsync(string fund, int year, FundStore store, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!RequestBounds.TryParseName<InsuranceType>(fund, out var type))
        {
            return TypedResults.NotFound();
        }

        var instanceId = FundCollectionStart.InstanceIdFor(type, year);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return TypedResults.NotFound();
        }

        var rows = await store.ContributionsAsync(type, year, cancellationToken);
        var files = await store.ListAsync(StorageNames.ResultsContainer, FundStore.Folder(type, year) + "/", cancellationToken);
        return TypedResults.Ok(new FundYearView(instanceId, instance.RuntimeStatus.ToString(), instance.ReadCustomStatusAs<FundProgress>(), instance.ReadOutputAs<FundCollectionSummary>(),
            [.. rows.Select(r => new ContributionView(r.RowKey, decimal.Parse(r.GetString("Amount") ?? "0", CultureInfo.InvariantCulture), r.GetBoolean("Confirmed") == true, r.GetString("ConfirmedBy"), r.GetDateTimeOffset("ConfirmedAt"),
                r.GetString("ArrivalDate"), r.GetString("VoucherNumber")))],
            [.. files.Select(f => f.Name[(FundStore.Folder(type, year).Length + 1)..])]));
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(string fund, int year, string path, FundStore store, CancellationToken cancellationToken)
    {
        if (!RequestBounds.TryParseName<InsuranceType>(fund, out var type) || path.Contains("..", StringComparison.Ordinal))
        {
            return TypedResults.NotFound();
        }

        var bytes = await store.DownloadAsync(StorageNames.ResultsContainer, $"{FundStore.Folder(type, year)}/{path}", cancellationToken);
        return bytes is null ? TypedResults.NotFound() : TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Path.GetFileName(path));
    }

    public static async Task<Results<Ok<LedgerView>, NotFound>> LedgerAsync(string fund, FundStore store, CancellationToken cancellationToken)
    {
        if (!RequestBounds.TryParseName<InsuranceType>(fund, out var type))
        {
            return TypedResults.NotFound();
        }

        // A tampered ledger is shown with the reason, never an error: the entries that could be read and their sum.
        var check = await store.Ledger.CheckAsync(type, cancellationToken);
        return TypedResults.Ok(new LedgerView(type.ToString(), Ledger.Balance(check.Entries).Value, check.Intact, check.Problem, check.Entries));
    }
}

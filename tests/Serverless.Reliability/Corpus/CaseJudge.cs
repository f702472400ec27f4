using Azure.Storage.Blobs.Models;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Testing;

namespace Serverless.Reliability.Corpus;

/// <summary>
/// Judges each case from a storage snapshot (issue 10): (a) its original is in the archive, byte for byte — or, for a
/// blob name Azure does not allow, still in place under that name; (b) a
/// report names the file and a reason for every problem, with row and column for a row problem — or the case was
/// accepted; (c) it did not end as poison.
/// </summary>
internal sealed class CaseJudge(StorageClients storage, string campaignId)
{
    public async Task<IReadOnlyList<CaseVerdict>> JudgeAsync(IReadOnlyList<UploadedCase> uploaded, StorageSnapshot snapshot, CancellationToken cancellationToken)
    {
        var verdicts = new CaseVerdict[uploaded.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, uploaded.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => verdicts[i] = await JudgeAsync(uploaded[i], snapshot, ct));
        return verdicts;
    }

    private async Task<CaseVerdict> JudgeAsync(UploadedCase uploaded, StorageSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (uploaded.StorageRefusal is { } refusal)
        {
            return new(uploaded, CaseOutcome.NotStored, [], [], [$"blob storage refused the name ({refusal})"]);
        }

        if (snapshot.Upload(uploaded) is not { } blob)
        {
            return new(uploaded, CaseOutcome.Unanswered, [], ["the uploaded blob version is gone from its container"], []);
        }

        var problems = new List<string>();
        var notes = new List<string>();
        if (blob.Name != uploaded.Case.BlobName)
        {
            notes.Add($"stored as “{Shorten(blob.Name)}”, not “{Shorten(uploaded.Case.BlobName)}”");
        }

        var stamp = StorageSnapshot.StampOf(blob);
        var archived = snapshot.Archive.Where(a => a.Name.Contains(stamp, StringComparison.Ordinal)).ToList();
        var keptInPlace = !BlobUpload.IsAllowedName(blob.Name);
        if (keptInPlace)
        {
            // A name Azure does not allow (ending in "/" or "."; "….xlsx/." is stored as "….xlsx/") cannot be read back
            // or moved, so the original must stay where it was uploaded, unchanged, and be refused with a report.
            if (!IsCopyOf(blob, uploaded))
            {
                problems.Add("the upload kept in place differs from what was sent");
            }
        }
        else if (archived.Count == 0)
        {
            problems.Add("original not archived");
        }
        else if (!archived.Any(a => IsCopyOf(a, uploaded)))
        {
            problems.Add("the archived copy differs from the upload");
        }

        var receipt = snapshot.Receipt(uploaded, blob);
        var status = receipt?.GetString("Status");
        var failure = $"{receipt?.GetInt32("Attempts")} attempts: {receipt?.GetString("LastError")?.Split('\n')[0].Trim()}";
        if (status is null && snapshot.IsHandled(uploaded, campaignId))
        {
            notes.Add("handled, but no receipt was recorded (a re-scan after a restart would handle it again)");
        }
        else
        {
            problems.AddRange(status switch
            {
                null => ["never handled (no receipt)"],
                "poison" => [$"poison after {failure}"],
                "done" => [],
                _ => [$"still failing ({status}) after {failure}"],
            });
        }

        var reports = snapshot.ReportsFor(uploaded, stamp, campaignId).ToList();
        var rows = new List<ErrorReportRow>();
        foreach (var report in reports)
        {
            var content = await storage.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer).GetBlobClient(report.Name).DownloadContentAsync(cancellationToken);
            var (reportRows, problem) = ErrorReports.Read(content.Value.Content.ToArray());
            rows.AddRange(reportRows);
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        var errors = rows.Where(r => r.IsError).ToList();
        var outcome = status switch
        {
            "poison" => CaseOutcome.Poison,
            // An application with nothing to report gets no report; it counts as accepted only if it was read at all (archived).
            _ when reports.Count == 0 => uploaded.Case.Kind == HostileUploadKind.Application && status == "done" && archived.Count > 0 ? CaseOutcome.Accepted : CaseOutcome.Unanswered,
            _ when errors.Count == 0 => CaseOutcome.Accepted,
            _ => errors.Any(r => r.IsWholeFile) ? CaseOutcome.Refused : CaseOutcome.RowIssues,
        };
        if (outcome == CaseOutcome.Unanswered && status == "done")
        {
            problems.Add("no report");
        }
        else if (keptInPlace && outcome != CaseOutcome.Refused)
        {
            problems.Add($"a name storage does not allow was {outcome}, not refused with a report");
        }

        string[] names = [uploaded.Case.FileName, blob.Name, Path.GetFileName(blob.Name)];
        problems.AddRange(rows.Select(r => r.Unclear()).OfType<string>().Distinct());
        problems.AddRange(rows.Where(r => r.File is { } file && !names.Contains(file.Trim())).Select(r => $"a report row names another file: “{Shorten(r.File!)}”").Distinct());

        var codes = errors.Select(r => r.Code!).Distinct().Order(StringComparer.Ordinal).ToList();
        if (Expected(outcome) is { } got && uploaded.Case.Expected != HostileOutcome.Any && got != uploaded.Case.Expected)
        {
            notes.Add($"expected {uploaded.Case.Expected}, got {outcome}{(codes.Count > 0 ? $" ({string.Join(", ", codes)})" : string.Empty)}");
        }

        return new(uploaded, outcome, codes, problems, notes);
    }

    private static bool IsCopyOf(BlobItem kept, UploadedCase uploaded)
        => kept.Properties.ContentLength == uploaded.Size
            && (kept.Properties.ContentHash is not { Length: > 0 } hash || hash.AsSpan().SequenceEqual(uploaded.Md5));

    private static HostileOutcome? Expected(CaseOutcome outcome) => outcome switch
    {
        CaseOutcome.Accepted => HostileOutcome.Accepted,
        CaseOutcome.RowIssues => HostileOutcome.RowIssues,
        CaseOutcome.Refused => HostileOutcome.Refused,
        _ => null,
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : $"{text[..60]}…({text.Length:N0} chars)";
}

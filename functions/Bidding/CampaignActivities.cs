using Microsoft.Extensions.Options;
using Serverless.Domain.Bidding;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;
using Serverless.Spreadsheets.Reading;
using Serverless.Spreadsheets.Writing;

namespace Serverless.Functions.Bidding;

/// <summary>The campaign's activities: everything with I/O, called by <see cref="CampaignOrchestration"/>.</summary>
public sealed class CampaignActivities(CampaignStore store, ScopeCache scopes, WorkbookReader reader, IOptions<BiddingOptions> options)
{
    public const string LoadScope = "Bidding_LoadScope";
    public const string OpenRound = "Bidding_OpenRound";
    public const string CloseRound = "Bidding_CloseRound";
    public const string ValidateSubmission = "Bidding_ValidateSubmission";
    public const string RefuseSubmission = "Bidding_RefuseSubmission";
    public const string RoundOneFeedback = "Bidding_RoundOneFeedback";
    public const string AdoptLeague = "Bidding_AdoptLeague";
    public const string Finish = "Bidding_Finish";

    public void Register(DurableTaskRegistry registry, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddActivityFunc<string, ScopeSummary>(LoadScope, (c, id) => LoadScopeAsync(id, stopping))
            .AddActivityFunc<RoundState, bool>(OpenRound, (c, round) => OpenRoundAsync(round, stopping))
            .AddActivityFunc<RoundState, bool>(CloseRound, (c, round) => CloseRoundAsync(round, stopping))
            .AddActivityFunc<ValidationWork, SubmissionValidated>(ValidateSubmission, (c, work) => ValidateAsync(work, stopping))
            .AddActivityFunc<RefusalWork, bool>(RefuseSubmission, (c, work) => RefuseSubmissionAsync(work, stopping))
            .AddActivityFunc<string, int>(RoundOneFeedback, (c, id) => RoundOneFeedbackAsync(id, stopping))
            .AddActivityFunc<LeagueWork, LeagueResult>(AdoptLeague, (c, work) => AdoptLeagueAsync(work, stopping))
            .AddActivityFunc<FinishWork, CampaignSummary>(Finish, (c, work) => FinishAsync(work, stopping));
    }

    public async Task<bool> OpenRoundAsync(RoundState round, CancellationToken cancellationToken)
    {
        await store.SaveRoundAsync(round, cancellationToken);
        return true;
    }

    public async Task<bool> CloseRoundAsync(RoundState round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        await store.SaveRoundAsync(round with { IsOpen = false }, cancellationToken);
        return true;
    }

    public async Task<bool> RefuseSubmissionAsync(RefusalWork work, CancellationToken cancellationToken)
    {
        await RefuseAsync(work, cancellationToken);
        return true;
    }

    public async Task<ScopeSummary> LoadScopeAsync(string campaignId, CancellationToken cancellationToken)
    {
        var loaded = await scopes.LoadAsync(campaignId, cancellationToken);
        var window = (long)CampaignParameters.Default.RoundWindow.TotalSeconds;
        if (!loaded.IsValid)
        {
            var report = $"{campaignId}/scope-errors.xlsx";
            await store.UploadAsync(StorageNames.ResultsContainer, report, BiddingWorkbooks.ErrorReport(loaded.Issues), cancellationToken);
            return new ScopeSummary(false, loaded.Issues.Count, report, [], [], 0m, window);
        }

        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        var invited = catalog.InvitedHospitals.ToList();
        var invitations = BiddingWorkbooks.Invitations(invited, h => $"bids/{CampaignStore.UploadBlob(campaignId, 1, h.Value)}");
        await store.UploadAsync(StorageNames.ResultsContainer, $"{campaignId}/invitations.xlsx", invitations, cancellationToken);
        await store.UploadAsync(StorageNames.ResultsContainer, $"{campaignId}/budget.xlsx", BiddingWorkbooks.Summary(new CampaignResult(catalog.Budget, []), campaignId), cancellationToken);
        return new ScopeSummary(true, loaded.Issues.Count, null, [.. invited.Select(h => h.Code.Value)],
            [.. catalog.Budget.Leagues.Select(l => l.League.Value)], catalog.Budget.RegionalBiddingBudget.Value, window, options.Value.DeliveryGraceSeconds);
    }

    public async Task<SubmissionValidated> ValidateAsync(ValidationWork work, CancellationToken cancellationToken)
    {
        var (campaignId, submission) = work;
        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        var bytes = await store.DownloadAsync(StorageNames.ArchiveContainer, submission.ArchiveBlob, cancellationToken)
            ?? throw new InvalidOperationException($"The archived upload {submission.ArchiveBlob} is missing.");
        IReadOnlyDictionary<ItemCode, Proposal>? roundOne = null;
        if (submission.Round == 2)
        {
            roundOne = FinalProposals.RoundTwoBasis(await store.LatestResultAsync(campaignId, 1, submission.Hospital, cancellationToken));
        }

        // One workbook the reader did not foresee must never stop the campaign: it comes back refused whole, with the reason.
        var sheet = BidSheets.Read(reader, bytes, new HospitalCode(submission.Hospital), submission.Round);
        var result = BidValidator.Validate(catalog, sheet.Hospital, sheet.Round, sheet.FileName, sheet.Sheet, sheet.Issues, roundOne);

        var folder = CampaignStore.ReportFolder(campaignId, submission.Round, submission.Hospital);
        var stamp = CampaignStore.StampOf(submission);
        var resultBlob = $"{folder}/{stamp}.json";
        var reportBlob = $"{folder}/{CampaignStore.ValidationReportName(stamp)}";
        await store.SaveResultAsync(resultBlob, result, cancellationToken);
        await store.UploadAsync(StorageNames.ReportsContainer, reportBlob, ValidationReport(result), cancellationToken);
        var validated = new SubmissionValidated(submission.Hospital, submission.Round, result.IsRejected, result.ValidRowCount, result.RejectedRowCount, reportBlob,
            result.IsRejected ? string.Join("; ", result.Rejection.Select(i => i.MessageEn)) : null);
        await store.SaveSubmissionAsync(campaignId, submission, validated, resultBlob, cancellationToken);
        return validated;
    }

    public Task RefuseAsync(RefusalWork work, CancellationToken cancellationToken)
    {
        var (campaignId, submission, zh, en) = work;
        var issue = new SheetIssue($"{submission.Hospital}.xlsx", null, null, null, null, "refused", zh, en);
        var blob = $"{CampaignStore.ReportFolder(campaignId, submission.Round, submission.Hospital)}/{CampaignStore.RefusalReportName(CampaignStore.StampOf(submission))}";
        return store.UploadAsync(StorageNames.ReportsContainer, blob, BiddingWorkbooks.ErrorReport([issue]), cancellationToken);
    }

    /// <summary>Round 1 closes: reference prices and the provisional ranking per league/city, and each hospital's feedback.</summary>
    public async Task<int> RoundOneFeedbackAsync(string campaignId, CancellationToken cancellationToken)
    {
        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        var results = await store.RoundResultsAsync(campaignId, 1, null, cancellationToken);
        var proposals = results.Where(r => !r.IsRejected).SelectMany(r => r.Accepted);
        var provisional = PriceAdoption.Provisional(catalog, proposals);
        foreach (var league in provisional.Leagues)
        {
            await store.UploadAsync(StorageNames.ResultsContainer, $"{campaignId}/round-1/reference-prices-{league.League.Value}.xlsx", BiddingWorkbooks.GuidePrices(league, campaignId), cancellationToken);
            await store.SaveLeagueResultsAsync(campaignId, 1, league.League.Value, [.. league.Rows.Select(GuidePriceView.From)], cancellationToken);
        }

        await Parallel.ForEachAsync(results, Spread(cancellationToken), async (result, ct) =>
            await store.UploadAsync(StorageNames.ResultsContainer, $"{campaignId}/round-1/feedback/{result.Hospital.Value}.xlsx",
                BiddingWorkbooks.Feedback(HospitalFeedback.Build(catalog, result, provisional), campaignId), ct));
        return results.Count;
    }

    /// <summary>Round 2 closes: the final proposals of one league/city's hospitals are ranked and adopted within its budget.</summary>
    public async Task<LeagueResult> AdoptLeagueAsync(LeagueWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (_, league) = await LeagueOutcomeAsync(work.CampaignId, work.League, cancellationToken);
        await store.UploadAsync(StorageNames.ResultsContainer, $"{work.CampaignId}/guide-prices-{work.League}.xlsx", BiddingWorkbooks.GuidePrices(league, work.CampaignId), cancellationToken);
        await store.SaveLeagueResultsAsync(work.CampaignId, 2, work.League, [.. league.Rows.Select(GuidePriceView.From)], cancellationToken);
        return league;
    }

    /// <summary>A league/city's outcome from the stored round results: what adoption makes of them, the same every time it is asked.</summary>
    public async Task<(CampaignCatalog Catalog, LeagueResult League)> LeagueOutcomeAsync(string campaignId, string league, CancellationToken cancellationToken)
    {
        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        var first = await LeagueRoundResultsAsync(catalog, campaignId, 1, league, cancellationToken);
        var second = await LeagueRoundResultsAsync(catalog, campaignId, 2, league, cancellationToken);
        var result = PriceAdoption.Adopt(catalog, FinalProposals.Merge(first, second));
        return (catalog, result.Leagues.Single(l => l.League.Value == league));
    }

    /// <summary>A league/city's round-1 reference prices and provisional ranking, as its hospitals' round-1 feedback gives them.</summary>
    public async Task<LeagueResult> ReferenceOutcomeAsync(string campaignId, string league, CancellationToken cancellationToken)
    {
        var catalog = await scopes.CatalogAsync(campaignId, cancellationToken);
        var first = await LeagueRoundResultsAsync(catalog, campaignId, 1, league, cancellationToken);
        var provisional = PriceAdoption.Provisional(catalog, first.Where(r => !r.IsRejected).SelectMany(r => r.Accepted));
        return provisional.Leagues.Single(l => l.League.Value == league);
    }

    private Task<IReadOnlyList<BidWorkbookResult>> LeagueRoundResultsAsync(CampaignCatalog catalog, string campaignId, int round, string league, CancellationToken cancellationToken)
        => store.RoundResultsAsync(campaignId, round, hospital => catalog.Hospitals.TryGetValue(new HospitalCode(hospital), out var h) && h.League.Value == league, cancellationToken);

    /// <summary>The regional summary, each hospital's final feedback, and the campaign's output.</summary>
    public async Task<CampaignSummary> FinishAsync(FinishWork work, CancellationToken cancellationToken)
    {
        var catalog = await scopes.CatalogAsync(work.CampaignId, cancellationToken);
        var result = new CampaignResult(catalog.Budget, work.Leagues);
        await store.UploadAsync(StorageNames.ResultsContainer, $"{work.CampaignId}/summary.xlsx", BiddingWorkbooks.Summary(result, work.CampaignId), cancellationToken);
        // Final feedback follows each hospital's round-2 workbook, or its round-1 one when it sent none in round 2.
        var second = await store.RoundResultsAsync(work.CampaignId, 2, null, cancellationToken);
        var inRoundTwo = second.Select(s => s.Hospital.Value).ToHashSet(StringComparer.Ordinal);
        var first = await store.RoundResultsAsync(work.CampaignId, 1, hospital => !inRoundTwo.Contains(hospital), cancellationToken);
        var feedbackFrom = second.Concat(first);
        await Parallel.ForEachAsync(feedbackFrom, Spread(cancellationToken), async (workbook, ct) =>
            await store.UploadAsync(StorageNames.ResultsContainer, $"{work.CampaignId}/round-2/feedback/{workbook.Hospital.Value}.xlsx",
                BiddingWorkbooks.Feedback(HospitalFeedback.Build(catalog, workbook, result), work.CampaignId), ct));
        var files = await store.ListAsync(StorageNames.ResultsContainer, $"{work.CampaignId}/", cancellationToken);
        return new CampaignSummary(
            work.CampaignId,
            "Completed",
            [.. result.Leagues.Select(LeagueSummary.Of)],
            result.TotalAdopted,
            result.TotalSkipped,
            result.RegionalBiddingBudget.RoundToFen().Value,
            result.TotalNet.RoundToFen().Value,
            [.. files.Select(f => $"results/{f.Name}")],
            result.TotalSaving.RoundToFen().Value,
            result.TotalUsedByRises.RoundToFen().Value,
            []);
    }

    private static ParallelOptions Spread(CancellationToken cancellationToken)
        => new() { MaxDegreeOfParallelism = CampaignStore.StorageParallelism, CancellationToken = cancellationToken };

    private static byte[] ValidationReport(BidWorkbookResult result) => BiddingWorkbooks.ErrorReport(result.AllIssues);
}

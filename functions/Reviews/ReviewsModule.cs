using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Domain.Calendar;
using Serverless.Domain.Reviews;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;
using Serverless.Functions.Security;

namespace Serverless.Functions.Reviews;

/// <summary>
/// The annual reviews (DOMAIN.md §4) as one module: services, orchestration and activities, the HTTP API and the
/// timers. It relies on what the host already registers for the other workflows: storage, the durable client, the
/// workbook reader, <c>CampaignStore</c>, <c>NewItemStore</c>, <c>NewItemParameters</c> and the audit trail.
/// </summary>
public static class ReviewsModule
{
    /// <summary>NCRONTAB, seconds first, China Standard Time: 1 March 09:00 (DOMAIN.md §4).</summary>
    public const string ComplexSchedule = "0 0 9 1 3 *";

    /// <summary>DOMAIN.md gives no date for the general review: the same morning, fired every year, run in review years only.</summary>
    public const string GeneralSchedule = "0 0 9 1 3 *";

    /// <summary>The first general review; they then run every <see cref="ReviewParameters.GeneralReviewIntervalYears"/> years.</summary>
    public const int FirstGeneralReviewYear = 2027;

    public static void AddReviews(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(ReviewParameters.Default);
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<ReviewActivities>();
    }

    /// <summary>
    /// A timer firing: starts the <paramref name="kind"/> review of the CST year of <paramref name="scheduledUtc"/> (a
    /// general one only in a general-review year). The instance id is the kind and year, so a second firing for the
    /// same year — a retry, a duplicate delivery, a late catch-up — starts nothing.
    /// </summary>
    public static async Task FireAsync(IServiceProvider services, DateTimeOffset scheduledUtc, string kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!ReviewKinds.IsKnown(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"A review is {ReviewKinds.Complex} or {ReviewKinds.General}.");
        }

        var parameters = services.GetRequiredService<ReviewParameters>();
        var year = ChinaTime.ToChinaDate(scheduledUtc).Year;
        if (kind == ReviewKinds.General && !CompositeIndex.IsGeneralReviewYear(year, FirstGeneralReviewYear, parameters))
        {
            return;
        }

        var start = new ReviewStart(year, kind, parameters);
        var client = services.GetRequiredService<DurableTaskClient>();

        // The client restarts a finished instance id, so a finished review is checked for first.
        if (await client.GetInstanceAsync(start.InstanceId, getInputsAndOutputs: true, cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await client.StartNewAsync(ReviewOrchestration.Name, start, start.InstanceId, cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Started by a concurrent firing for this year: this one is a no-op.
        }
    }
}

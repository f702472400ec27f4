using Serverless.Domain.Calendar;
using Serverless.Domain.ReserveFund;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.ReserveFund;

/// <summary>
/// The yearly collection timer (DOMAIN.md §3, default 10 January 09:00 CST): starts one collection per insurance type
/// whose first year has come. The instance id is the fund and year, so a second firing for the same year — a retry,
/// a duplicate delivery, a late catch-up — starts nothing.
/// </summary>
public static class FundTimer
{
    /// <summary>NCRONTAB, seconds first, China Standard Time: 10 January 09:00.</summary>
    public const string DefaultSchedule = "0 0 9 10 1 *";

    public static async Task<IReadOnlyList<string>> FireAsync(DurableTaskClient client, FundParameters parameters, DateTimeOffset scheduledUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(parameters);
        var year = ChinaTime.ToChinaDate(scheduledUtc).Year;
        var started = new List<string>();
        foreach (var fund in Enum.GetValues<InsuranceType>().Where(f => parameters.FirstYear(f) <= year))
        {
            var start = new FundCollectionStart(fund, year, parameters);

            // The client restarts a finished instance id, so a finished year is checked for first.
            if (await client.GetInstanceAsync(start.InstanceId, getInputsAndOutputs: true, cancellationToken) is not null)
            {
                continue;
            }

            try
            {
                await client.StartNewAsync(FundCollectionOrchestration.Name, start, start.InstanceId, cancellationToken);
                started.Add(start.InstanceId);
            }
            catch (OrchestrationAlreadyExistsException)
            {
                // Already started for this year: the firing is a no-op.
            }
        }

        return started;
    }
}

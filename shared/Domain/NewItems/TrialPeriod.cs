using Serverless.Domain.Bidding;

namespace Serverless.Domain.NewItems;

/// <summary>An approved item's trial (试行期, DOMAIN.md §2): from approval to <see cref="EndDate"/>, extendable once.</summary>
public sealed record TrialPeriod(string ApplicationId, HospitalCode Hospital, string ItemName, DateOnly StartDate, DateOnly EndDate, bool Extended)
{
    public static TrialPeriod Begin(string applicationId, HospitalCode hospital, string itemName, DateOnly approvalDate, NewItemParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new TrialPeriod(applicationId, hospital, itemName, approvalDate, approvalDate.AddYears(parameters.TrialYears), Extended: false);
    }

    /// <summary>The trial after the outcome: extended by the extension years, or null once it ends in a catalogue or is ended.</summary>
    public TrialPeriod? Apply(TrialOutcome outcome, NewItemParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (outcome != TrialOutcome.ExtendOnce)
        {
            return null;
        }

        if (Extended)
        {
            throw new InvalidOperationException($"The trial of {ApplicationId} was already extended once.");
        }

        return this with { EndDate = EndDate.AddYears(parameters.TrialExtensionYears), Extended = true };
    }
}

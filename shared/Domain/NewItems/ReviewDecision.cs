namespace Serverless.Domain.NewItems;

/// <summary>An official's decision on a step, with the official's identity (DOMAIN.md §2).</summary>
public sealed record ReviewDecision(ReviewStepKind Step, ReviewDecisionKind Kind, string OfficialId, OfficialRole Role, string? Reason)
{
    /// <summary>Why the decision cannot be accepted, or empty: wrong role, a reject or return without reason, a misplaced expert request.</summary>
    public IReadOnlyList<string> Problems(ReviewChannel channel, bool escalated)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(OfficialId))
        {
            problems.Add("The deciding official is not identified.");
        }

        if (!ReviewPlan.MayDecide(Step, Role, escalated))
        {
            problems.Add($"Role {Role} may not decide {Step}; it belongs to {ReviewPlan.RoleFor(Step)}.");
        }

        if (Kind is ReviewDecisionKind.Reject or ReviewDecisionKind.ReturnForChanges && string.IsNullOrWhiteSpace(Reason))
        {
            problems.Add($"{Kind} needs a reason.");
        }

        if (Kind == ReviewDecisionKind.RequestExpertEvaluation && (channel != ReviewChannel.Green || Step != ReviewStepKind.PriceReview))
        {
            problems.Add("Only the green channel's price review may ask for an expert evaluation.");
        }

        return problems;
    }
}

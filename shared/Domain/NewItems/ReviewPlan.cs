namespace Serverless.Domain.NewItems;

/// <summary>The review stages in order; the steps of one stage run in parallel (DOMAIN.md §2).</summary>
public sealed record ReviewPlan(ReviewChannel Channel, IReadOnlyList<IReadOnlyList<ReviewStep>> Stages)
{
    public static ReviewPlan For(ReviewChannel channel, bool expertEvaluationNeeded, NewItemParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (channel == ReviewChannel.Green)
        {
            return new ReviewPlan(channel,
            [
                [Step(ReviewStepKind.TechnicalReview, parameters.GreenChannelWorkingDays), Step(ReviewStepKind.PriceReview, parameters.GreenChannelWorkingDays)],
            ]);
        }

        var stages = new List<IReadOnlyList<ReviewStep>> { new[] { Step(ReviewStepKind.TechnicalReview, parameters.TechnicalReviewWorkingDays) } };
        if (expertEvaluationNeeded)
        {
            stages.Add([Step(ReviewStepKind.ExpertEvaluation, parameters.ExpertEvaluationWorkingDays)]);
        }

        stages.Add([Step(ReviewStepKind.PriceReview, parameters.PriceReviewWorkingDays)]);
        return new ReviewPlan(channel, stages);
    }

    /// <summary>In the green channel the price official may ask for the expert panel: the evaluation, then the price review again.</summary>
    public static IReadOnlyList<IReadOnlyList<ReviewStep>> GreenExpertRequested(NewItemParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return
        [
            [Step(ReviewStepKind.ExpertEvaluation, parameters.ExpertEvaluationWorkingDays)],
            [Step(ReviewStepKind.PriceReview, parameters.GreenChannelWorkingDays)],
        ];
    }

    public static OfficialRole RoleFor(ReviewStepKind step) => step switch
    {
        ReviewStepKind.InnovationConfirmation or ReviewStepKind.TechnicalReview => OfficialRole.HealthCommission,
        ReviewStepKind.ExpertEvaluation => OfficialRole.ExpertPanel,
        ReviewStepKind.CompatibilityConfirmation or ReviewStepKind.PriceReview or ReviewStepKind.MarketLimitHold or ReviewStepKind.TrialEvaluation => OfficialRole.PriceOffice,
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>The step's own role decides; once a step is escalated at its deadline the office head may decide it too.</summary>
    public static bool MayDecide(ReviewStepKind step, OfficialRole role, bool escalated) =>
        role == RoleFor(step) || (escalated && role == OfficialRole.OfficeHead);

    private static ReviewStep Step(ReviewStepKind kind, int workingDays) => new(kind, RoleFor(kind), workingDays);
}

namespace Serverless.Domain.NewItems;

/// <summary>The channel and expert-evaluation rules of DOMAIN.md §2.</summary>
public static class ChannelRules
{
    /// <summary>
    /// Green when (a) a national regional medical centre's key service cannot map to an existing item, or (b) the
    /// innovation flag is confirmed by the health commission; otherwise standard.
    /// </summary>
    public static ReviewChannel Decide(NewItemApplication application, bool canMapToExistingItem, bool innovationConfirmedByHealthCommission)
    {
        ArgumentNullException.ThrowIfNull(application);
        var regionalCentreCase = application.NationalRegionalCentreKeyService && !canMapToExistingItem;
        var innovationCase = application.InnovationFlagged && innovationConfirmedByHealthCommission;
        return regionalCentreCase || innovationCase ? ReviewChannel.Green : ReviewChannel.Standard;
    }

    /// <summary>Expected annual revenue = expected price × expected annual volume.</summary>
    public static Yuan ExpectedAnnualRevenue(NewItemApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return (application.ExpectedPrice ?? Yuan.Zero) * (application.ExpectedAnnualVolume ?? 0);
    }

    /// <summary>Standard channel: high resource use, price ≥ 1,000 yuan or annual revenue ≥ 1,000,000 yuan need the expert panel.</summary>
    public static bool NeedsExpertEvaluation(NewItemApplication application, NewItemParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(parameters);
        return application.HighResourceUse
            || (application.ExpectedPrice ?? Yuan.Zero) >= parameters.ExpertPriceThreshold
            || ExpectedAnnualRevenue(application) >= parameters.ExpertAnnualRevenueThreshold;
    }
}

using Serverless.Domain.ReserveFund;

namespace Serverless.Functions.ReserveFund;

/// <summary>The reserve fund's services (DOMAIN.md §3): parameters, store, activities and the ledger's key, validated when the app starts.</summary>
public static class FundModule
{
    public static void AddReserveFund(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(FundParameters.Default);
        services.AddSingleton<FundStore>();
        services.AddSingleton<FundActivities>();
        services.AddOptions<LedgerOptions>()
            .Bind(configuration.GetSection(LedgerOptions.Section))
            .Validate(options => options.Problem is null, new LedgerOptions().Problem!)
            .ValidateOnStart();
    }
}

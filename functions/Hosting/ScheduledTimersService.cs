using Serverless.Domain.ReserveFund;
using Serverless.Durable;
using Serverless.Durable.Storage;
using Serverless.Functions.ReserveFund;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The local host's timer triggers (under the Functions host its timerTrigger functions fire instead): each schedule
/// in China Standard Time, fired once per occurrence across processes, a missed one run late once (<see cref="TimerRunner"/>).
/// Schedules can be changed in settings (<c>Schedules:FundCollection</c>, …).
/// </summary>
public sealed class ScheduledTimersService(TimerRunner runner, IServiceProvider services, IConfiguration configuration) : BackgroundService
{
    public IReadOnlyList<(TimerSchedule Schedule, Func<DateTimeOffset, CancellationToken, Task> Fire)> Timers { get; } = Build(services, configuration);

    public static IReadOnlyList<(TimerSchedule Schedule, Func<DateTimeOffset, CancellationToken, Task> Fire)> Build(IServiceProvider services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        string Schedule(string name, string fallback) => configuration[$"Schedules:{name}"] is { Length: > 0 } configured ? configured : fallback;
        return
        [
            (new TimerSchedule(FunctionCatalog.FundCollectionTimer, Schedule(FunctionCatalog.FundCollectionTimer, FundTimer.DefaultSchedule)),
                (at, ct) => FundTimer.FireAsync(services.GetRequiredService<DurableTaskClient>(), services.GetRequiredService<FundParameters>(), at, ct)),
            (new TimerSchedule(FunctionCatalog.ComplexReviewTimer, Schedule(FunctionCatalog.ComplexReviewTimer, Reviews.ReviewsModule.ComplexSchedule)),
                (at, ct) => Reviews.ReviewsModule.FireAsync(services, at, Reviews.ReviewKinds.Complex, ct)),
            (new TimerSchedule(FunctionCatalog.GeneralReviewTimer, Schedule(FunctionCatalog.GeneralReviewTimer, Reviews.ReviewsModule.GeneralSchedule)),
                (at, ct) => Reviews.ReviewsModule.FireAsync(services, at, Reviews.ReviewKinds.General, ct)),
            (new TimerSchedule(FunctionCatalog.StatusIndexRebuild, Schedule(FunctionCatalog.StatusIndexRebuild, FunctionCatalog.StatusIndexRebuildSchedule)),
                (_, ct) => services.GetRequiredService<IDurableBackend>().RebuildIndexAsync(ct)),
        ];
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runner.RunLoopAsync(Timers, stoppingToken);
}

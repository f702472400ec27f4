using Serverless.Domain.ReserveFund;
using Microsoft.DurableTask.Client;
using Serverless.Functions.ReserveFund;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The local host's timer triggers (under the Functions host its timerTrigger functions fire instead): each schedule
/// in China Standard Time, fired once per occurrence across processes, a missed one run late once (<see cref="TimerRunner"/>).
/// Schedules can be changed in settings (<c>Schedules:FundCollection</c>, …).
/// </summary>
/// <summary>The timer functions and the settings their NCRONTAB schedules (seconds first, China time) are read from.</summary>
public static class TimerNames
{
    public const string FundCollectionTimer = "FundCollectionTimer";
    public const string ComplexReviewTimer = "ComplexReviewTimer";
    public const string GeneralReviewTimer = "GeneralReviewTimer";
    public const string FundCollectionSetting = "Schedules:" + FundCollectionTimer;
    public const string ComplexReviewSetting = "Schedules:" + ComplexReviewTimer;
    public const string GeneralReviewSetting = "Schedules:" + GeneralReviewTimer;
}

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
            (new TimerSchedule(TimerNames.FundCollectionTimer, Schedule(TimerNames.FundCollectionTimer, FundTimer.DefaultSchedule)),
                (at, ct) => FundTimer.FireAsync(services.GetRequiredService<DurableTaskClient>(), services.GetRequiredService<FundParameters>(), at, ct)),
            (new TimerSchedule(TimerNames.ComplexReviewTimer, Schedule(TimerNames.ComplexReviewTimer, Reviews.ReviewsModule.ComplexSchedule)),
                (at, ct) => Reviews.ReviewsModule.FireAsync(services, at, Reviews.ReviewKinds.Complex, ct)),
            (new TimerSchedule(TimerNames.GeneralReviewTimer, Schedule(TimerNames.GeneralReviewTimer, Reviews.ReviewsModule.GeneralSchedule)),
                (at, ct) => Reviews.ReviewsModule.FireAsync(services, at, Reviews.ReviewKinds.General, ct)),
        ];
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runner.RunLoopAsync(Timers, stoppingToken);
}

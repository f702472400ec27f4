using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serverless.Azurite;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests.Hosting;

public sealed class TimerRunnerTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    // 10 January 09:00 China Standard Time, every year.
    private static readonly TimerSchedule January10 = new("january10", "0 0 9 10 1 *");
    private static readonly DateTimeOffset Jan9Utc = new(2027, 1, 9, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Jan10NineCst = new(2027, 1, 10, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_occurrence_is_nine_oclock_china_time_in_utc()
    {
        var next = January10.NextAfter(Jan9Utc);

        Assert.Equal(Jan10NineCst, next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Fact]
    public async Task First_run_fires_nothing()
    {
        var time = new FakeTimeProvider(Jan9Utc);
        var runner = new TimerRunner(await NewTableAsync(), time, NullLogger<TimerRunner>.Instance);
        var fired = new List<DateTimeOffset>();

        Assert.Empty(await runner.RunDueAsync(January10, Record(fired), CancellationToken.None));
        Assert.Empty(fired);
    }

    [Fact]
    public async Task Fresh_deployment_after_an_occurrence_does_not_fire_it()
    {
        var time = new FakeTimeProvider(Jan10NineCst.AddHours(1));
        var runner = new TimerRunner(await NewTableAsync(), time, NullLogger<TimerRunner>.Instance);
        var fired = new List<DateTimeOffset>();

        await runner.RunDueAsync(January10, Record(fired), CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));
        await runner.RunDueAsync(January10, Record(fired), CancellationToken.None);

        Assert.Empty(fired);
    }

    [Fact]
    public async Task Passing_the_occurrence_fires_once_with_the_scheduled_time()
    {
        var time = new FakeTimeProvider(Jan9Utc);
        var runner = new TimerRunner(await NewTableAsync(), time, NullLogger<TimerRunner>.Instance);
        var fired = new List<DateTimeOffset>();
        await runner.RunDueAsync(January10, Record(fired), CancellationToken.None);

        time.SetUtcNow(Jan10NineCst.AddSeconds(7));
        var first = await runner.RunDueAsync(January10, Record(fired), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        var again = await runner.RunDueAsync(January10, Record(fired), CancellationToken.None);

        Assert.Equal([Jan10NineCst], first);
        Assert.Empty(again);
        Assert.Equal([Jan10NineCst], fired);
    }

    [Fact]
    public async Task Three_years_of_downtime_fire_once_for_the_latest_occurrence()
    {
        var time = new FakeTimeProvider(Jan9Utc);
        var runner = new TimerRunner(await NewTableAsync(), time, NullLogger<TimerRunner>.Instance);
        var fired = new List<DateTimeOffset>();
        await runner.RunDueAsync(January10, Record(fired), CancellationToken.None);

        time.SetUtcNow(new DateTimeOffset(2030, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var late = await runner.RunDueAsync(January10, Record(fired), CancellationToken.None);
        var again = await runner.RunDueAsync(January10, Record(fired), CancellationToken.None);

        var latest = new DateTimeOffset(2030, 1, 10, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal([latest], late);
        Assert.Empty(again);
        Assert.Equal([latest], fired);
    }

    [Fact]
    public async Task Two_runners_racing_on_one_table_fire_once_in_total()
    {
        var table = await NewTableAsync();
        var time = new FakeTimeProvider(Jan9Utc);
        var one = new TimerRunner(table, time, NullLogger<TimerRunner>.Instance);
        var two = new TimerRunner(table, time, NullLogger<TimerRunner>.Instance);
        var fired = new List<DateTimeOffset>();
        var fire = Record(fired);
        await Task.WhenAll(
            one.RunDueAsync(January10, fire, CancellationToken.None),
            two.RunDueAsync(January10, fire, CancellationToken.None));

        time.SetUtcNow(Jan10NineCst);
        var results = await Task.WhenAll(
            Task.Run(() => one.RunDueAsync(January10, fire, CancellationToken.None)),
            Task.Run(() => two.RunDueAsync(January10, fire, CancellationToken.None)));

        Assert.Equal([Jan10NineCst], results.SelectMany(r => r));
        Assert.Equal([Jan10NineCst], fired);
    }

    [Fact]
    public async Task A_failing_timer_does_not_stop_the_loop()
    {
        var time = new FakeTimeProvider(Jan10NineCst.AddSeconds(-90));
        var runner = new TimerRunner(await NewTableAsync(), time, NullLogger<TimerRunner>.Instance);
        var failures = 0;
        var fired = new List<DateTimeOffset>();
        var everyMinute = new TimerSchedule("everyminute", "0 * * * * *");
        using var stop = new CancellationTokenSource();

        var loop = runner.RunLoopAsync(
            [
                (everyMinute, (_, _) => Task.FromException(new InvalidOperationException($"Failure {Interlocked.Increment(ref failures)}"))),
                (January10, Record(fired)),
            ],
            stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((Volatile.Read(ref failures) < 2 || fired.Count == 0) && DateTime.UtcNow < deadline && !loop.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(50);
        }

        Assert.False(loop.IsCompleted);
        await stop.CancelAsync();
        await loop;
        Assert.True(failures >= 2);
        Assert.Equal([Jan10NineCst], fired);
    }

    private async Task<TableClient> NewTableAsync()
    {
        var table = new TableServiceClient(fixture.Azurite.ConnectionString).GetTableClient(UniqueNames.Unique(TimerRunner.TableName));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static Func<DateTimeOffset, CancellationToken, Task> Record(List<DateTimeOffset> fired) => (due, _) =>
    {
        lock (fired)
        {
            fired.Add(due);
        }

        return Task.CompletedTask;
    };
}

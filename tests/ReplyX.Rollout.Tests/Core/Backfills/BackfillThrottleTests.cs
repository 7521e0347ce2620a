using ReplyX.Rollout.Core.Backfills;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Tests.Core.Backfills;

/// <summary>The backfill's pace on evidence: each pressure slows it with its reason, calm speeds it back to the step's own, never past it.</summary>
public sealed class BackfillThrottleTests
{
    private static readonly BackfillSpec Spec = new()
    {
        Table = "t", Set = "b = a", Columns = ["b"], Where = "b IS NULL", BatchSize = 1_000, Pause = TimeSpan.FromMilliseconds(50),
        MaxLag = TimeSpan.FromSeconds(5), MaxBatchDuration = TimeSpan.FromSeconds(1),
    };

    private static BatchObservation Calm(double? p95 = 1.0) => new(TimeSpan.FromMilliseconds(100), 0, 0, TimeSpan.Zero, p95);

    [Fact]
    public void A_calm_walk_keeps_the_steps_pace()
    {
        var throttle = new BackfillThrottle(Spec, 0.2);
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(throttle.Next(Calm()));
        }

        Assert.Equal((1_000, TimeSpan.FromMilliseconds(50)), (throttle.BatchSize, throttle.Pause));
    }

    [Fact]
    public void A_p95_over_half_the_guardrail_halves_the_batch_and_lengthens_the_pause()
    {
        var throttle = new BackfillThrottle(Spec, 0.2);
        Assert.Null(throttle.Next(Calm(1.09)));
        var change = throttle.Next(Calm(1.15));

        Assert.NotNull(change);
        Assert.True(change.SlowedDown);
        Assert.Equal((500, TimeSpan.FromMilliseconds(200)), (change.BatchSize, change.Pause));
        Assert.Contains("all-traffic p95 +15% over its pre-step baseline (tolerance 10%)", change.Reason);
    }

    [Fact]
    public void Replication_lag_over_max_lag_slows_the_walk()
    {
        var throttle = new BackfillThrottle(Spec, 0.2);
        var change = throttle.Next(Calm() with { ReplicationLag = TimeSpan.FromSeconds(7) });

        Assert.Contains("replication lag 7.0 s over maxLag 5.0 s", change!.Reason);
        Assert.Equal(500, throttle.BatchSize);
    }

    [Fact]
    public void A_session_waiting_on_a_batch_slows_the_walk()
    {
        var throttle = new BackfillThrottle(Spec, 0.2);
        var change = throttle.Next(Calm() with { LockWaiters = 2, LongestLockWaitSeconds = 0.3 });

        Assert.Contains("2 session(s) waiting on a batch's locks (longest 300 ms)", change!.Reason);
    }

    [Fact]
    public void A_short_wait_on_a_batch_is_ordinary_contention_not_pressure()
    {
        var throttle = new BackfillThrottle(Spec, 0.2);

        Assert.Null(throttle.Next(Calm() with { LockWaiters = 3, LongestLockWaitSeconds = 0.02 }));
        Assert.Equal(1_000, throttle.BatchSize);
    }

    [Fact]
    public void A_batch_slower_than_max_batch_duration_shrinks_the_next_to_fit()
    {
        var throttle = new BackfillThrottle(Spec, 0.2);
        var change = throttle.Next(Calm() with { Duration = TimeSpan.FromSeconds(4) });

        Assert.Equal(200, change!.BatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(50), change.Pause);
        Assert.Contains("took 4,000 ms (maxBatchDuration 1,000 ms)", change.Reason);
    }

    [Fact]
    public void Calm_batches_speed_back_up_to_the_steps_pace_and_no_further()
    {
        var throttle = new BackfillThrottle(Spec, 0.2);
        for (var i = 0; i < 4; i++)
        {
            throttle.Next(Calm() with { LockWaiters = 1, LongestLockWaitSeconds = 0.5 });
        }

        Assert.Equal((62, TimeSpan.FromSeconds(1.6)), (throttle.BatchSize, throttle.Pause));
        var changes = Enumerable.Range(0, 60).Select(_ => throttle.Next(Calm())).OfType<ThrottleChange>().ToList();

        Assert.All(changes, c => Assert.False(c.SlowedDown));
        Assert.All(changes, c => Assert.Equal("calm for 3 batches", c.Reason));
        Assert.Equal((1_000, TimeSpan.FromMilliseconds(50)), (throttle.BatchSize, throttle.Pause));
        Assert.Equal(1_000, changes[^1].BatchSize);
    }

    [Fact]
    public void A_p95_over_the_guardrail_at_the_slowest_pace_for_five_fresh_readings_fails_the_walk()
    {
        var throttle = new BackfillThrottle(Spec, 0.2);
        while (!throttle.AtSlowest)
        {
            throttle.Next(Calm(1.5) with { P95Fresh = false });
        }

        Assert.Null(throttle.Failure);
        for (var i = 0; i < 4; i++)
        {
            throttle.Next(Calm(1.5));
            throttle.Next(Calm(1.5) with { P95Fresh = false });
        }

        Assert.Null(throttle.Failure);
        throttle.Next(Calm(1.5));
        Assert.Contains("all-traffic p95 stayed +50% over its pre-step baseline (guardrail 20%) for 5 readings at the slowest pace", throttle.Failure);
    }

    [Fact]
    public void A_reading_back_under_the_guardrail_starts_the_count_again()
    {
        var throttle = new BackfillThrottle(Spec, 0.2);
        while (!throttle.AtSlowest)
        {
            throttle.Next(Calm(1.5) with { P95Fresh = false });
        }

        for (var i = 0; i < 4; i++)
        {
            throttle.Next(Calm(1.5));
        }

        throttle.Next(Calm(1.12));
        for (var i = 0; i < 4; i++)
        {
            throttle.Next(Calm(1.5));
        }

        Assert.Null(throttle.Failure);
    }

    [Fact]
    public void A_lock_timeout_backs_off()
    {
        var throttle = new BackfillThrottle(Spec, 0.2);
        var change = throttle.LockTimedOut(TimeSpan.FromSeconds(1));

        Assert.Equal((500, TimeSpan.FromMilliseconds(200)), (change!.BatchSize, change.Pause));
        Assert.Contains("lock_timeout (1,000 ms)", change.Reason);
    }
}

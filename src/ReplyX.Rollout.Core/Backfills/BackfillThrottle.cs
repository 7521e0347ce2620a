using System.Globalization;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Backfills;

/// <summary>
/// A backfill's pace, adapted between batches on evidence. Any pressure (all-traffic p95 over its baseline by more than
/// <see cref="P95Tolerance"/>, half the guardrail's line, replication lag over <c>maxLag</c>, another session waiting on a batch's locks)
/// halves the batch and doubles the pause; a batch slower than <c>maxBatchDuration</c> shrinks the next to fit. After
/// <see cref="CalmBatches"/> calm batches in a row it doubles the batch and halves the pause back toward the step's own.
/// A p95 over the guardrail's line (<paramref name="p95Limit"/>) for <see cref="OverLimitReadings"/> readings in a row
/// at the slowest pace is a guardrail failure: the walk stops at the batch boundary.
/// </summary>
public sealed class BackfillThrottle(BackfillSpec spec, double p95Limit)
{
    public const int MinBatchSize = 10;
    public const int CalmBatches = 3;

    /// <summary>
    /// A wait on a batch's row locks shorter than this is ordinary row contention (a writer touching a row of the batch
    /// in flight waits at most for that batch, which maxBatchDuration bounds); a longer one is pressure.
    /// </summary>
    public static readonly TimeSpan LockWaitTolerance = TimeSpan.FromMilliseconds(100);
    public const int OverLimitReadings = 5;
    public static readonly TimeSpan SlowestPause = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstSlowPause = TimeSpan.FromMilliseconds(200);

    private readonly double p95Tolerance = p95Limit / 2;
    private int _calm;
    private int _overLimit;

    /// <summary>How far over its baseline the all-traffic p95 may go before batches slow down: half the guardrail's line.</summary>
    public double P95Tolerance => p95Tolerance;

    public int BatchSize { get; private set; } = spec.BatchSize;

    public TimeSpan Pause { get; private set; } = spec.Pause;

    /// <summary>Set once the p95 has stayed over the guardrail's line at the slowest pace: why the walk must stop.</summary>
    public string? Failure { get; private set; }

    public bool AtSlowest => BatchSize <= MinBatchSize && Pause >= SlowestPause;

    /// <summary>The pace for the next batch; a change (with its reason) when it differs from the last one.</summary>
    public ThrottleChange? Next(BatchObservation observed)
    {
        var pressure = Pressure(observed);
        TrackGuardrail(observed);
        if (pressure is not null)
        {
            _calm = 0;
            var batch = Math.Max(MinBatchSize, BatchSize / 2);
            var pause = Min(SlowestPause, Max(Pause * 2, Max(spec.Pause, FirstSlowPause)));
            return Change(batch, pause, true, pressure);
        }

        if (observed.Duration > spec.MaxBatchDuration && BatchSize > MinBatchSize)
        {
            _calm = 0;
            var fitted = (int)(BatchSize * spec.MaxBatchDuration.TotalSeconds / observed.Duration.TotalSeconds * 0.8);
            return Change(Math.Clamp(fitted, MinBatchSize, BatchSize - 1), Pause, true,
                $"batch of {BatchSize:N0} took {Ms(observed.Duration)} (maxBatchDuration {Ms(spec.MaxBatchDuration)})");
        }

        if (++_calm < CalmBatches || (BatchSize >= spec.BatchSize && Pause <= spec.Pause))
        {
            return null;
        }

        _calm = 0;
        return Change(Math.Min(spec.BatchSize, BatchSize * 2), Max(spec.Pause, Pause / 2), false, $"calm for {CalmBatches} batches");
    }

    /// <summary>A batch gave up waiting for a row lock (its lock_timeout): someone holds rows it needs, so back off.</summary>
    public ThrottleChange? LockTimedOut(TimeSpan? lockTimeout)
    {
        _calm = 0;
        return Change(Math.Max(MinBatchSize, BatchSize / 2), Min(SlowestPause, Max(Pause * 2, Max(spec.Pause, FirstSlowPause))), true,
            $"a batch waited longer than its lock_timeout ({(lockTimeout is { } t ? Ms(t) : "none")}) for rows another session holds");
    }

    private string? Pressure(BatchObservation observed)
    {
        var reasons = new List<string>();
        if (observed.P95Ratio is { } ratio && ratio > 1 + p95Tolerance)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"all-traffic p95 {ratio - 1:+0%;-0%} over its pre-step baseline (tolerance {p95Tolerance:0%})"));
        }

        if (observed.ReplicationLag is { } lag && lag > spec.MaxLag)
        {
            reasons.Add($"replication lag {lag.TotalSeconds:N1} s over maxLag {spec.MaxLag.TotalSeconds:N1} s");
        }

        if (observed.LockWaiters > 0 && observed.LongestLockWaitSeconds >= LockWaitTolerance.TotalSeconds)
        {
            reasons.Add($"{observed.LockWaiters} session(s) waiting on a batch's locks (longest {observed.LongestLockWaitSeconds * 1000:N0} ms)");
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    private void TrackGuardrail(BatchObservation observed)
    {
        if (observed.P95Ratio is not { } ratio || !observed.P95Fresh)
        {
            return;
        }

        _overLimit = ratio > 1 + p95Limit && AtSlowest ? _overLimit + 1 : 0;
        if (_overLimit >= OverLimitReadings)
        {
            Failure = string.Create(CultureInfo.InvariantCulture,
                $"all-traffic p95 stayed {ratio - 1:+0%} over its pre-step baseline (guardrail {p95Limit:0%}) for {OverLimitReadings} readings at the slowest pace");
        }
    }

    private ThrottleChange? Change(int batch, TimeSpan pause, bool slowedDown, string reason)
    {
        if (batch == BatchSize && pause == Pause)
        {
            return null;
        }

        BatchSize = batch;
        Pause = pause;
        return new ThrottleChange(batch, pause, slowedDown, reason);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Ms(TimeSpan value) => $"{value.TotalMilliseconds:N0} ms";
}

using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Core.Risks;

/// <summary>
/// The seed's "slow queries": a statement is slow when its mean time over the monitor's window is more than
/// <c>factor</c> times its mean over the baseline window, both windows saw at least <c>minCalls</c> calls (a mean of
/// three calls says nothing), and its window mean is at least <see cref="FloorMilliseconds"/> (a pool's DISCARD ALL
/// going from 0.01 to 0.02 ms is twice as slow and slow for nobody).
/// </summary>
public static class SlowQueries
{
    public const double FloorMilliseconds = 1;

    public static IReadOnlyList<SlowQuery> Find(IReadOnlyDictionary<long, StatementCounters> baseline, IReadOnlyDictionary<long, StatementCounters> window, double factor, int minCalls) =>
    [
        .. window.Where(w => w.Value.Calls >= minCalls && baseline.TryGetValue(w.Key, out var b) && b.Calls >= minCalls && b.MeanMilliseconds > 0
                && w.Value.MeanMilliseconds > factor * b.MeanMilliseconds && w.Value.MeanMilliseconds >= FloorMilliseconds)
            .Select(w => new SlowQuery(w.Key, w.Value.Query, baseline[w.Key].MeanMilliseconds!.Value, w.Value.MeanMilliseconds!.Value, w.Value.Calls))
            .OrderByDescending(s => s.WindowMean / s.BaselineMean),
    ];

    /// <summary>The deltas between two reads of the cumulative counters: what each statement did in between.</summary>
    public static IReadOnlyDictionary<long, StatementCounters> Between(IReadOnlyDictionary<long, StatementCounters>? earlier, IReadOnlyDictionary<long, StatementCounters> later) =>
        later.Select(l => (l.Key, Delta: l.Value.Since(earlier?.GetValueOrDefault(l.Key))))
            .Where(d => d.Delta is { Calls: > 0 })
            .ToDictionary(d => d.Key, d => d.Delta!);
}

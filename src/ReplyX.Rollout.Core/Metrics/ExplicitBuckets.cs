namespace ReplyX.Rollout.Core.Metrics;

/// <summary>
/// Reads an OTLP explicit-bucket histogram (what Python, Node and Go SDKs export by default) into the base-2
/// exponential form the guardrails use. Each explicit bucket's count is spread over the exponential buckets it covers,
/// log-uniformly (largest remainders, so counts stay whole and the total exact); the open ends are closed by the
/// point's min and max when the exporter sends them (OpenTelemetry SDKs do), else at half the first bound and twice
/// the last. The resolution lost is the explicit bucket's own: with the semantic convention's advised bounds for
/// <c>http.server.request.duration</c> (5, 10, 25, 50, 75, 100, 250, 500, 750 ms, 1 s...) a p95 read inside a bucket is
/// interpolated, so a change that stays inside one bucket is seen only through how counts shift across bounds.
/// </summary>
public static class ExplicitBuckets
{
    /// <summary>Scale 3: buckets 9% wide, finer than any explicit layout in use, coarse enough to stay small.</summary>
    public const int Scale = 3;

    /// <param name="bounds">The explicit upper bounds (n), in the metric's unit.</param>
    /// <param name="counts">The n + 1 bucket counts.</param>
    /// <param name="toSeconds">The unit's factor to seconds: 1 for <c>s</c>, 0.001 for <c>ms</c>.</param>
    public static LatencyHistogram ToHistogram(IReadOnlyList<double> bounds, IReadOnlyList<ulong> counts, double sum, double? min, double? max, double toSeconds)
    {
        var histogram = new LatencyHistogram(Scale);
        if (counts.Count != bounds.Count + 1)
        {
            throw new ArgumentException($"an explicit-bucket histogram has one count more than bounds ({bounds.Count} bounds, {counts.Count} counts)");
        }

        ulong zero = 0;
        var spread = new SortedDictionary<int, long>();
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var upper = i < bounds.Count ? bounds[i] : (max is { } top ? top : 2 * bounds[^1]);
            var lower = i > 0 ? bounds[i - 1] : (min is { } bottom ? bottom : upper / 2);
            if (min is { } low && low > lower && low < upper)
            {
                lower = low;
            }

            if (max is { } high && high < upper && high > lower)
            {
                upper = high;
            }

            if (upper <= 0)
            {
                zero += counts[i];
                continue;
            }

            lower = lower > 0 ? lower : upper / 2;
            Spread(spread, lower * toSeconds, upper * toSeconds, (long)counts[i]);
        }

        if (spread.Count > 0)
        {
            var first = spread.Keys.First();
            var dense = new ulong[spread.Keys.Last() - first + 1];
            foreach (var (index, count) in spread)
            {
                dense[index - first] = (ulong)count;
            }

            histogram.AddBuckets(Scale, first, dense, zero, sum * toSeconds);
        }
        else
        {
            histogram.AddBuckets(Scale, 0, [], zero, sum * toSeconds);
        }

        return histogram;
    }

    /// <summary>The unit's factor to seconds, or null for a unit a latency cannot be in.</summary>
    public static double? SecondsPer(string unit) => unit switch
    {
        "s" or "" => 1,
        "ms" => 0.001,
        "us" or "μs" => 0.000_001,
        _ => null,
    };

    private static void Spread(SortedDictionary<int, long> into, double lower, double upper, long count)
    {
        var from = LatencyHistogram.IndexOf(lower, Scale);
        var to = LatencyHistogram.IndexOf(upper, Scale);
        if (to < from)
        {
            into[to] = into.GetValueOrDefault(to) + count;
            return;
        }

        var width = Math.Log(upper / lower);
        var shares = new List<(int Index, double Share)>();
        for (var index = from; index <= to; index++)
        {
            var bucketLower = Math.Max(lower, Math.Pow(2, index * Math.Pow(2, -Scale)));
            var bucketUpper = Math.Min(upper, Math.Pow(2, (index + 1) * Math.Pow(2, -Scale)));
            shares.Add((index, count * Math.Log(bucketUpper / bucketLower) / width));
        }

        var whole = shares.Select(s => (s.Index, Count: (long)Math.Floor(s.Share), Remainder: s.Share - Math.Floor(s.Share))).ToList();
        var left = count - whole.Sum(w => w.Count);
        var rounded = whole.OrderByDescending(w => w.Remainder).ThenBy(w => w.Index).Select((w, rank) => (w.Index, Count: w.Count + (rank < left ? 1 : 0)));
        foreach (var (index, share) in rounded.Where(r => r.Count > 0))
        {
            into[index] = into.GetValueOrDefault(index) + share;
        }
    }
}

using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>
/// One row of <c>rollout.metric_points</c>: what one replica received for one second and one series, merged over
/// its flush interval - a latency histogram (dense buckets from <see cref="Offset"/>), a pool or CPU reading
/// (<see cref="Value"/>), or the mark that metrics arrived (<see cref="MetricKinds.Received"/>).
/// </summary>
public sealed record MetricRow(long Second, string Kind, SeriesKey Key, bool Error, int Scale, long ZeroCount, double Sum, int Offset, long[] Counts, double Value)
{
    public DateTimeOffset At => DateTimeOffset.FromUnixTimeSeconds(Second);

    public static MetricRow Latency(long second, SeriesKey key, bool error, LatencyHistogram histogram)
    {
        var snapshot = histogram.ToSnapshot();
        var offset = snapshot.Buckets.Count == 0 ? 0 : snapshot.Buckets.Keys.Min();
        var counts = snapshot.Buckets.Count == 0 ? [] : new long[snapshot.Buckets.Keys.Max() - offset + 1];
        foreach (var (index, count) in snapshot.Buckets)
        {
            counts[index - offset] = count;
        }

        return new MetricRow(second, MetricKinds.Latency, key, error, snapshot.Scale, snapshot.ZeroCount, snapshot.Sum, offset, counts, 0);
    }

    public static MetricRow Reading(long second, string kind, double value) => new(second, kind, default, false, 0, 0, 0, 0, [], value);

    public LatencyHistogram Histogram()
    {
        var histogram = new LatencyHistogram(Scale);
        histogram.AddBuckets(Scale, Offset, Counts.Select(c => (ulong)c).ToArray(), (ulong)ZeroCount, Sum);
        return histogram;
    }

    /// <summary>Replays the row into a sink (the replica's cache).</summary>
    public void ApplyTo(IMetricsSink sink)
    {
        switch (Kind)
        {
            case MetricKinds.Latency:
                sink.AddLatency(At, Key, Error, Histogram());
                break;
            case MetricKinds.Pending:
                sink.AddPendingConnections(At, Value);
                break;
            case MetricKinds.Cpu:
                sink.AddCpu(At, Value);
                break;
            case MetricKinds.Received:
                sink.MarkReceived(DateTimeOffset.UnixEpoch.AddTicks((long)Value));
                break;
        }
    }
}

using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Core.Analysis;

/// <summary>
/// The workload's connection pools over a window: the most requests waiting for a connection (null when no pool
/// reported a wait), the longest run of seconds with more waiting than the limit, and whether the workload's metrics
/// arrived at all since the window began: without them the pools' state is unknown, with them and no wait reported
/// nobody waited (Npgsql reports its pending requests as they change).
/// </summary>
public sealed record PoolReadings(double? MaxPending, int SustainedSeconds, bool Reported)
{
    public static PoolReadings Read(IMetricsSource metrics, double limit, DateTimeOffset from, DateTimeOffset to)
    {
        var max = metrics.MaxPendingConnections(from, to);
        return new PoolReadings(max, metrics.LongestPendingAbove(limit, from, to), max is not null || metrics.LastReceivedAt >= from);
    }
}

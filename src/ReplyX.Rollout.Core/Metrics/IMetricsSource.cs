namespace ReplyX.Rollout.Core.Metrics;

/// <summary>
/// Where guardrails read their measurements. The OTLP receiver implements it today; a Prometheus-backed source
/// (histogram_quantile over rate windows) can implement the same three questions.
/// </summary>
public interface IMetricsSource
{
    /// <summary>When metrics last arrived from anyone; null when never. Stale data is never read as zero (R008).</summary>
    DateTimeOffset? LastReceivedAt { get; }

    /// <summary>Requests of one flag and variant (any route when <paramref name="route"/> is null) in [from, to).</summary>
    LatencyWindow Window(string flag, string? variant, DateTimeOffset from, DateTimeOffset to, string? route = null);

    /// <summary>All requests of every flag and variant in [from, to): the pre-phase baseline and the all-traffic check.</summary>
    LatencyWindow AllTraffic(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The highest number of connection requests waiting on a pool in [from, to), from Npgsql's metrics; null without data.</summary>
    double? MaxPendingConnections(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The longest run of consecutive seconds in [from, to) with more than <paramref name="limit"/> requests waiting on a pool.</summary>
    int LongestPendingAbove(double limit, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The longest stretch of [from, to) in which no metric arrived at all (whole seconds): monitoring coverage.</summary>
    TimeSpan LongestGap(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The database host's CPU utilisation (0..1) reported as the host-metrics gauge <c>system.cpu.utilization</c> in [from, to); null without such a gauge.</summary>
    double? CpuUtilization(DateTimeOffset from, DateTimeOffset to);
}

using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>
/// Where received measurements go: the <see cref="MetricsOutbox"/> on their way to the shared store in PostgreSQL
/// (what the receiver writes to), or directly an <see cref="OtlpMetricsStore"/> (what the mirror fills).
/// </summary>
public interface IMetricsSink
{
    void AddLatency(DateTimeOffset at, SeriesKey key, bool error, LatencyHistogram delta);

    void AddPendingConnections(DateTimeOffset at, double pending);

    void AddCpu(DateTimeOffset at, double utilisation);

    /// <summary>Metrics arrived at <paramref name="at"/> (what the silence guardrail watches).</summary>
    void MarkReceived(DateTimeOffset at);
}

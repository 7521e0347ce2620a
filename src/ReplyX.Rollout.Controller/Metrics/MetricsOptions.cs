using System.ComponentModel.DataAnnotations;

namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>
/// How received metrics are shared (<c>Rollout:Metrics</c>): every replica writes what it received to
/// <c>rollout.metric_points</c> each <see cref="FlushInterval"/>, reads what all replicas wrote each
/// <see cref="MirrorInterval"/>, and the leader prunes rows older than <see cref="Retention"/>.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Rollout:Metrics";

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan MirrorInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the shared store keeps points (the replicas' caches keep <see cref="OtlpMetricsStore.Retention"/>).</summary>
    [Range(typeof(TimeSpan), "00:31:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Rows deleted per statement when pruning, so pruning never holds long locks.</summary>
    [Range(100, 1_000_000)]
    public int PruneBatch { get; set; } = 10_000;
}

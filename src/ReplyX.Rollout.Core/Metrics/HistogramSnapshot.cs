namespace ReplyX.Rollout.Core.Metrics;

/// <summary>A <see cref="LatencyHistogram"/> as stored on a run (the pre-phase baseline must survive a restart).</summary>
public sealed record HistogramSnapshot(int Scale, long ZeroCount, double Sum, IReadOnlyDictionary<int, long> Buckets);

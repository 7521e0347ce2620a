using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Bench.Decisions;

/// <summary>
/// A simulated ramp's end: how, at which percentage, how long after the first stage began, and (when recorded) every
/// look with the metrics source and baseline they read.
/// </summary>
public sealed record RampOutcome(RampEnd End, int Percentage, TimeSpan Elapsed, IReadOnlyList<RampLook> Looks, IMetricsSource Metrics, LatencyHistogram? Baseline);

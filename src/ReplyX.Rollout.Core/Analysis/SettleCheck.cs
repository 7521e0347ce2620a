using ReplyX.Rollout.Core.Metrics;

namespace ReplyX.Rollout.Core.Analysis;

/// <summary>
/// Is all traffic back to its pre-phase baseline? Looked at before the first step (after preflight's backup and
/// scratch databases) and before the first stage (after the steps and the gates' own load): p95 of the last
/// <see cref="Window"/> within <see cref="StageAnalyzer.Tolerated"/> of the baseline p95. Too little traffic to
/// tell counts as settled: the stages' guardrails still need their samples.
/// </summary>
public static class SettleCheck
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public const int MinSamples = 50;

    public static SettleLook Look(IMetricsSource metrics, double baselineP95, DateTimeOffset now)
    {
        var recent = metrics.AllTraffic(now - Window, now);
        var p95 = recent.Histogram.Quantile(0.95) ?? 0;
        return new SettleLook(recent.Count < MinSamples || p95 <= baselineP95 * (1 + StageAnalyzer.Tolerated), p95, baselineP95, recent.Count);
    }
}

using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Analysis;

/// <summary>
/// Is all traffic back to its pre-phase baseline? Looked at before the first step (after preflight's backup and
/// scratch databases) and before the first stage (after the steps and the gates' own load): p95 of the last
/// <see cref="Window"/> within the tolerated edge of the guardrail's <see cref="RegressionBand"/> (+10%, or half the
/// phase's minDelta when that is more) of the baseline p95. Too little traffic to
/// tell counts as settled: the stages' guardrails still need their samples.
/// </summary>
public static class SettleCheck
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public const int MinSamples = 50;

    public static SettleLook Look(IMetricsSource metrics, double baselineP95, DateTimeOffset now, LatencyGuardrail? guardrail = null)
    {
        var tolerated = RegressionBand.For(guardrail ?? new LatencyGuardrail(), baselineP95).Tolerated;
        var recent = metrics.AllTraffic(now - Window, now);
        var p95 = recent.Histogram.Quantile(0.95) ?? 0;
        return new SettleLook(recent.Count < MinSamples || p95 <= baselineP95 * (1 + tolerated), p95, baselineP95, recent.Count, tolerated);
    }
}

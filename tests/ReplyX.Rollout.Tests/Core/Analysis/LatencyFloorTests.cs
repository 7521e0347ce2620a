using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Tests.Core.Analysis;

/// <summary>
/// A phase's <c>minDelta</c>: on a fast p95 the host drifts by tens of percent (seen here: +19% to +59% over a stage
/// on 6–8 ms baselines), which the sequential tests call significant once thousands of requests back it. With the
/// floor a slowdown counts only when it is also that much slower; a slowdown well beyond it still rolls back.
/// The samples here have a p95 of 114 ms, so a 100 ms floor plays the part of 5 ms on a 6 ms p95.
/// </summary>
public sealed class LatencyFloorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);
    private const double BaselineP95 = 0.05 * 2.28;

    [Theory]
    [InlineData(0, 0.006, 0.10, 0.20, false)]
    [InlineData(5, 0.006, 0.4167, 0.8333, true)]
    [InlineData(5, 0.030, 0.10, 0.20, false)]
    [InlineData(5, 0.040, 0.10, 0.20, false)]
    [InlineData(5, 0.020, 0.125, 0.25, true)]
    public void The_band_takes_the_larger_of_the_relative_line_and_the_floor(int floorMs, double referenceP95, double tolerated, double regression, bool floored)
    {
        var band = RegressionBand.For(new LatencyGuardrail(MinDelta: TimeSpan.FromMilliseconds(floorMs)), referenceP95);

        Assert.Equal((tolerated, regression, floored), (Math.Round(band.Tolerated, 4), Math.Round(band.Regression, 4), band.Floored));
    }

    [Fact]
    public void Without_a_reference_there_is_no_floor_to_scale() =>
        Assert.Equal(new RegressionBand(0.10, 0.20, false), RegressionBand.For(new LatencyGuardrail(MinDelta: TimeSpan.FromMilliseconds(5)), null));

    [Theory]
    [InlineData(0, StageDecision.RollBack)]
    [InlineData(100, StageDecision.Advance)]
    public void A_steady_drift_of_all_traffic_rolls_back_only_without_the_floor(int floorMs, StageDecision expected)
    {
        var metrics = new TimedMetricsSource(Start);
        metrics.Fill(new Random(31), 0, 60, 150, slowdown: 0.35);

        var analysis = Analyze(metrics, AllTraffic(floorMs), 100, 60);

        Assert.True(expected == analysis.Decision, string.Join("\n", analysis.Verdicts.Select(v => $"{v.Guardrail}: {v.Outcome} {v.Reason}")));
    }

    [Fact]
    public void A_slowdown_well_beyond_the_floor_still_rolls_back_and_the_reason_names_the_floor()
    {
        var metrics = new TimedMetricsSource(Start);
        metrics.Fill(new Random(32), 0, 30, 150, slowdown: 2.0);

        var analysis = Analyze(metrics, AllTraffic(100), 100, 30);

        Assert.Equal(("p95 vs baseline", StageDecision.RollBack), (analysis.Deciding!.Guardrail, analysis.Decision));
        Assert.Contains("threshold +85% (at least 100ms of p95; +20% alone); persists over the last 10 s", analysis.Deciding.Reason);
        Assert.Equal(100, analysis.Deciding.Readings["minDeltaMs"]);
    }

    [Theory]
    [InlineData(0, GuardrailOutcome.Failed)]
    [InlineData(100, GuardrailOutcome.Passed)]
    public void The_floor_applies_to_treatment_against_its_control_too(int floorMs, GuardrailOutcome expected)
    {
        var metrics = new TimedMetricsSource(Start);
        var random = new Random(33);
        metrics.Fill(random, 0, 120, 190, slowdown: 0, variant: SeriesKey.Control);
        metrics.Fill(random, 0, 120, 10, slowdown: 0.4);
        var phase = new PhaseDefinition { Id = "p", Title = "P", Flag = "replyx.p", Guardrails = new GuardrailSpec { LatencyP95 = Guardrail(floorMs) } };

        var analysis = Analyze(metrics, phase, 5, 120);

        var verdict = analysis.Verdicts.Single(v => v.Guardrail == "p95 vs control");
        Assert.True(expected == verdict.Outcome, verdict.Reason);
    }

    [Fact]
    public void Settling_allows_half_the_floor()
    {
        var metrics = new TimedMetricsSource(Start);
        metrics.Fill(new Random(34), 0, 5, 100, slowdown: 0.3);

        var strict = SettleCheck.Look(metrics, BaselineP95, Start.AddSeconds(5));
        var floored = SettleCheck.Look(metrics, BaselineP95, Start.AddSeconds(5), Guardrail(100));

        Assert.False(strict.Settled, strict.Describe());
        Assert.True(floored.Settled, floored.Describe());
    }

    private static LatencyGuardrail Guardrail(int floorMs) => new(MinSamples: 300, MinDelta: TimeSpan.FromMilliseconds(floorMs));

    private static PhaseDefinition AllTraffic(int floorMs) =>
        new() { Id = "p", Title = "P", Flag = "replyx.p", Guardrails = new GuardrailSpec { AllTraffic = true, LatencyP95 = Guardrail(floorMs) } };

    private static StageAnalysis Analyze(TimedMetricsSource metrics, PhaseDefinition phase, int percentage, int seconds) =>
        StageAnalyzer.Analyze(metrics, phase, percentage, Baseline(), Start, Start.AddSeconds(seconds), TimeSpan.FromMinutes(1));

    private static LatencyHistogram Baseline() => FakeMetricsSource.Baseline(seed: 9);
}

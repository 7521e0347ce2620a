using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Tests.Core.Analysis;

/// <summary>
/// All traffic against the pre-phase baseline: a burst of server-wide slowness that passes does not roll a phase
/// back, a regression that persists does (seen on this 2-core host: +48% and +92% for a second or two after the
/// steps, then back to normal).
/// </summary>
public sealed class BaselineConfirmationTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);
    private static readonly PhaseDefinition Phase = new() { Id = "p", Title = "P", Flag = "replyx.p", Guardrails = new GuardrailSpec { AllTraffic = true, LatencyP95 = new LatencyGuardrail(MinSamples: 300) } };

    [Fact]
    public void A_two_second_burst_is_held_while_it_is_all_there_is_and_passes_once_it_has_aged_out()
    {
        var metrics = new TimedMetricsSource(Start);
        var random = new Random(11);
        metrics.Fill(random, 0, 2, 150, slowdown: 3.0);
        metrics.Fill(random, 2, 5, 150, slowdown: 0);

        var early = Analyze(metrics, 5);
        Assert.Equal(StageDecision.Hold, early.Decision);
        var held = Baseline(early);
        Assert.Equal(GuardrailOutcome.Inconclusive, held.Outcome);
        Assert.Contains("1 of the 2 blocks of 10 s needed to fail", held.Reason);

        metrics.Fill(random, 5, 20, 150, slowdown: 0);
        var later = Analyze(metrics, 20);
        Assert.NotEqual(StageDecision.RollBack, later.Decision);
        Assert.NotEqual(GuardrailOutcome.Failed, Baseline(later).Outcome);
    }

    [Fact]
    public void A_stall_that_fills_the_first_10_s_holds_while_it_is_all_there_is_and_passes_once_calm_requests_follow()
    {
        // Seen in an end-to-end run: every request 2-10 s slow for ~10 s right after a stage began (control too),
        // judged 10.1 s in, when the stage and its last 10 s were both nothing but the stall.
        var metrics = new TimedMetricsSource(Start);
        var random = new Random(14);
        metrics.Fill(random, 0, 10, 60, slowdown: 30);
        metrics.Fill(random, 10, 11, 60, slowdown: 0);

        var during = Baseline(Analyze(metrics, 11));
        Assert.Equal(GuardrailOutcome.Inconclusive, during.Outcome);
        Assert.Contains("1 of the 2 blocks of 10 s needed to fail", during.Reason);

        metrics.Fill(random, 11, 17, 60, slowdown: 0);
        var after = Analyze(metrics, 17);
        Assert.NotEqual(StageDecision.RollBack, after.Decision);
        Assert.Contains("evidence ÷", Baseline(after).Reason);
    }

    [Fact]
    public void A_regression_that_persists_rolls_back_once_the_recent_window_shows_it_too()
    {
        var metrics = new TimedMetricsSource(Start);
        metrics.Fill(new Random(12), 0, 15, 150, slowdown: 0.5);

        Assert.Equal(StageDecision.Hold, Analyze(metrics, 6).Decision);
        var analysis = Analyze(metrics, 15);

        Assert.Equal(("p95 vs baseline", StageDecision.RollBack), (analysis.Deciding!.Guardrail, analysis.Decision));
        Assert.Contains("persists over the last 10 s", analysis.Deciding.Reason);
    }

    [Fact]
    public void At_low_traffic_the_recent_window_widens_until_it_holds_the_minimum_samples()
    {
        var metrics = new TimedMetricsSource(Start);
        metrics.Fill(new Random(13), 0, 60, 10, slowdown: 0.5);

        var analysis = Analyze(metrics, 60);

        Assert.Equal(StageDecision.RollBack, analysis.Decision);
        // 300 samples at 10 requests per second: the last 30 s, not 10.
        Assert.Contains("persists over the last 30 s", analysis.Deciding!.Reason);
    }

    private static StageAnalysis Analyze(TimedMetricsSource metrics, int seconds) =>
        StageAnalyzer.Analyze(metrics, Phase, 100, Baseline(), Start, Start.AddSeconds(seconds), TimeSpan.FromMinutes(2));

    private static GuardrailVerdict Baseline(StageAnalysis analysis) => analysis.Verdicts.Single(v => v.Guardrail == "p95 vs baseline");

    private static LatencyHistogram Baseline() => FakeMetricsSource.Baseline(seed: 8);
}

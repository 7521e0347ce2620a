using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Tests.Core.Analysis;

public sealed class StageAnalyzerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PhaseDefinition Phase = new() { Id = "p", Title = "P", Flag = "replyx.p" };

    [Fact]
    public void A_healthy_stage_advances_after_its_bake_and_holds_before()
    {
        var metrics = Fresh();
        metrics.Fill(new Random(1), control: 6000, treatment: 600, slowdown: 0);

        var early = StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddSeconds(60), TimeSpan.FromMinutes(2));
        var late = StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddMinutes(2), TimeSpan.FromMinutes(2));

        Assert.Equal(StageDecision.Hold, early.Decision);
        Assert.True(StageDecision.Advance == late.Decision, late.Summary + string.Join(",", late.Verdicts.SelectMany(v => v.Readings.Select(r => $"{r.Key}={r.Value}"))));
        Assert.All(late.Verdicts, v => Assert.Equal(GuardrailOutcome.Passed, v.Outcome));
    }

    [Fact]
    public void A_doubled_treatment_latency_rolls_back_naming_the_risk_and_the_readings()
    {
        var metrics = Fresh();
        metrics.Fill(new Random(2), control: 2000, treatment: 100, slowdown: 1.0);

        var analysis = StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddSeconds(30), TimeSpan.FromMinutes(2));

        Assert.Equal(StageDecision.RollBack, analysis.Decision);
        var failed = analysis.Deciding!;
        Assert.Equal(("p95 vs control", "R003"), (failed.Guardrail, failed.Risk));
        Assert.InRange(failed.Readings["candidateP95Ms"] / failed.Readings["referenceP95Ms"], 1.7, 2.3);
        Assert.Equal(100, failed.Readings["candidateSamples"]);
    }

    [Fact]
    public void Too_few_samples_hold_the_stage_even_after_its_bake()
    {
        var metrics = Fresh();
        metrics.Fill(new Random(3), control: 3000, treatment: 50, slowdown: 0.05);

        var analysis = StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddMinutes(5), TimeSpan.FromMinutes(2));

        Assert.Equal(StageDecision.Hold, analysis.Decision);
        Assert.Contains(analysis.Verdicts, v => v.Outcome == GuardrailOutcome.Inconclusive);
    }

    [Fact]
    public void A_stage_advances_only_once_its_latency_test_has_accepted_and_until_then_says_how_many_samples_it_needs()
    {
        // 250 treatment requests 15% slower than the control: past the 200 minimum samples, not failing the +20% line,
        // and not yet shown to be within tolerance either.
        var metrics = Fresh();
        metrics.Fill(new Random(9), control: 8000, treatment: 250, slowdown: 0.15);

        var analysis = StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddMinutes(3), TimeSpan.FromMinutes(2));

        Assert.Equal(StageDecision.Hold, analysis.Decision);
        var latency = analysis.Verdicts.Single(v => v.Guardrail == "p95 vs control");
        Assert.Equal(GuardrailOutcome.Inconclusive, latency.Outcome);
        Assert.True(latency.Readings["llr"] > latency.Readings["lowerBound"], "the ratio has not reached the acceptance bound");
        Assert.NotNull(analysis.Estimate);
        Assert.Equal(250, analysis.Estimate!.Samples);
        Assert.True(analysis.Estimate.Needed is > 250 or -1, $"needed {analysis.Estimate.Needed}");

        // A rehearsal at demo speed (advanceOn: samples) takes the 200 samples without a failure as a pass.
        Assert.Equal(StageDecision.Advance, StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddMinutes(3), TimeSpan.FromMinutes(2), advanceOnEvidence: false).Decision);

        // The same treatment share of calm requests, many of them: accepted, and the stage advances.
        var calm = Fresh();
        calm.Fill(new Random(9), control: 8000, treatment: 2000, slowdown: 0);
        var accepted = StageAnalyzer.Analyze(calm, Phase, 5, null, Start, Start.AddMinutes(3), TimeSpan.FromMinutes(2));
        Assert.Equal(StageDecision.Advance, accepted.Decision);
        var passed = accepted.Verdicts.Single(v => v.Guardrail == "p95 vs control");
        Assert.True(passed.Readings["llr"] <= passed.Readings["lowerBound"]);
    }

    [Fact]
    public void Silence_pauses_and_never_advances()
    {
        var metrics = Fresh();
        metrics.Fill(new Random(4), control: 6000, treatment: 600, slowdown: 0);
        metrics.LastReceivedAt = Start.AddSeconds(30);

        var analysis = StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddMinutes(3), TimeSpan.FromMinutes(2));

        Assert.Equal(StageDecision.Pause, analysis.Decision);
        Assert.Equal("R008", analysis.Deciding!.Risk);
    }

    [Fact]
    public void Errors_above_the_limit_roll_back()
    {
        var metrics = Fresh();
        metrics.Fill(new Random(5), control: 6000, treatment: 600, slowdown: 0);
        metrics.TreatmentErrors = 30;

        var analysis = StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddMinutes(1), TimeSpan.FromMinutes(2));

        Assert.Equal(StageDecision.RollBack, analysis.Decision);
        Assert.Equal(("error rate", "R002"), (analysis.Deciding!.Guardrail, analysis.Deciding.Risk));
    }

    [Fact]
    public void Sustained_pool_waits_above_the_limit_roll_back_and_a_moment_of_them_does_not()
    {
        var metrics = Fresh();
        metrics.Fill(new Random(6), control: 6000, treatment: 600, slowdown: 0);
        metrics.Pending = 12;
        metrics.PendingSeconds = 2;

        var brief = StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddMinutes(3), TimeSpan.FromMinutes(2));
        metrics.PendingSeconds = PoolSaturation.SustainedSeconds;
        var sustained = StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddMinutes(1), TimeSpan.FromMinutes(2));

        Assert.Equal(StageDecision.Advance, brief.Decision);
        Assert.Equal(("connection pool", "R007"), (sustained.Deciding!.Guardrail, sustained.Deciding.Risk));
        Assert.Equal(StageDecision.RollBack, sustained.Decision);
    }

    [Fact]
    public void At_full_traffic_all_traffic_is_judged_against_the_baseline()
    {
        var metrics = Fresh();
        metrics.Fill(new Random(7), control: 0, treatment: 3000, slowdown: 0.5);
        var baseline = new LatencyHistogram(4);
        var random = new Random(8);
        for (var i = 0; i < 6000; i++)
        {
            baseline.Record(FakeMetricsSource.Sample(random, 0));
        }

        var analysis = StageAnalyzer.Analyze(metrics, Phase, 100, baseline, Start, Start.AddSeconds(20), TimeSpan.FromMinutes(2));

        Assert.DoesNotContain(analysis.Verdicts, v => v.Guardrail == "p95 vs control");
        Assert.Equal(("p95 vs baseline", StageDecision.RollBack), (analysis.Deciding!.Guardrail, analysis.Decision));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.10, 0)]
    public void The_rule_does_not_roll_back_inside_the_tolerated_band_over_many_stages(double slowdown, int expectedRollbacks)
    {
        var rollbacks = 0;
        for (var run = 0; run < 60; run++)
        {
            var metrics = Fresh();
            metrics.Fill(new Random(100 + run), control: 11_400, treatment: 600, slowdown: slowdown);
            if (StageAnalyzer.Analyze(metrics, Phase, 5, null, Start, Start.AddMinutes(2), TimeSpan.FromMinutes(2)).Decision == StageDecision.RollBack)
            {
                rollbacks++;
            }
        }

        Assert.Equal(expectedRollbacks, rollbacks);
    }

    [Fact]
    public void A_phase_judged_on_all_traffic_needs_no_treatment_series()
    {
        var metrics = Fresh();
        var random = new Random(11);
        metrics.Fill(random, control: 6000, treatment: 0, slowdown: 0);
        var baseline = new LatencyHistogram(4);
        for (var i = 0; i < 6000; i++)
        {
            baseline.Record(FakeMetricsSource.Sample(random, 0));
        }

        var allTraffic = Phase with { Guardrails = new GuardrailSpec { AllTraffic = true } };
        var judged = StageAnalyzer.Analyze(metrics, allTraffic, 100, baseline, Start, Start.AddMinutes(2), TimeSpan.FromMinutes(2));
        var flagOnly = StageAnalyzer.Analyze(metrics, Phase, 100, baseline, Start, Start.AddMinutes(2), TimeSpan.FromMinutes(2));

        Assert.Equal(StageDecision.Advance, judged.Decision);
        Assert.Equal(6000, judged.Verdicts.Single(v => v.Guardrail == "error rate").Readings["samples"]);
        Assert.Equal(StageDecision.Hold, flagOnly.Decision);
    }

    private static FakeMetricsSource Fresh() => new() { LastReceivedAt = Start.AddMinutes(10) };
}

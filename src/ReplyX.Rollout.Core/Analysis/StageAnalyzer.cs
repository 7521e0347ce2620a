using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Analysis;

/// <summary>
/// Reads a ramp stage's guardrails from a metrics source: treatment against the concurrent control, all traffic
/// against the pre-phase baseline (an index changes plans for everyone), treatment error rate, absolute p95,
/// pool waits, and metric silence. α is split across the tests that can roll back, so "any fails" keeps the
/// overall false-rollback rate at <see cref="Alpha"/>. Neither latency test takes a moment for a trend: against the
/// control and against the baseline, slowness clustered in time weighs less (<see cref="Block"/>); against the
/// baseline a regression must also persist (<see cref="BaselineConfirm"/>).
/// </summary>
public static class StageAnalyzer
{
    /// <summary>Total false-rollback budget of one stage.</summary>
    public const double Alpha = 0.003;

    /// <summary>Miss rate at the regression line.</summary>
    public const double Beta = 0.01;

    /// <summary>The band's lower edge: never roll back when the treatment is at most this much slower.</summary>
    public const double Tolerated = 0.10;

    /// <summary>
    /// A regression against the pre-phase baseline must also show over the most recent this-many seconds alone
    /// (widened back until they hold the guardrail's minimum samples) before it rolls back.
    /// </summary>
    public static readonly TimeSpan BaselineConfirm = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The time blocks over which "p95 vs control" measures how clustered the treatment's slow requests are
    /// (<see cref="SequentialExceedanceTest.Dispersion"/>).
    /// </summary>
    public static readonly TimeSpan Block = TimeSpan.FromSeconds(10);

    /// <summary>The verdict that pauses a stage whose samples cannot arrive within <see cref="RampSpec.MaxHold"/>.</summary>
    public const string VerdictTime = "verdict time";

    public static StageAnalysis Analyze(
        IMetricsSource metrics, PhaseDefinition phase, int percentage, LatencyHistogram? baseline, DateTimeOffset stageStart, DateTimeOffset now, TimeSpan bake,
        TimeSpan? metricsSilence = null, TimeSpan settle = default, bool advanceOnEvidence = true)
    {
        // The first moments of a stage mix requests routed under the previous percentage (flag propagation, the
        // export interval): the stage's evidence starts after them.
        var from = stageStart + settle;
        var g = metricsSilence is { } silence ? phase.Guardrails with { MetricsSilence = silence } : phase.Guardrails;
        var verdicts = new List<GuardrailVerdict>();
        var silentFor = metrics.LastReceivedAt is { } last ? now - last : now - stageStart;
        if (silentFor > g.MetricsSilence)
        {
            verdicts.Add(new GuardrailVerdict("metrics", GuardrailOutcome.NoData, "R008",
                $"no metrics for {Durations.Format(TimeSpan.FromSeconds(Math.Round(silentFor.TotalSeconds)))} (limit {Durations.Format(g.MetricsSilence)})",
                new Dictionary<string, double> { ["silentSeconds"] = silentFor.TotalSeconds }));
            return new StageAnalysis(StageDecision.Pause, verdicts);
        }

        // At 100% there is no control left: only the baseline and the absolute limits can judge the stage.
        var withControl = percentage < 100 && !g.AllTraffic;
        var testsThatRollBack = 1 + (withControl ? 1 : 0) + (baseline is null ? 0 : 1) + (g.MaxP95 is null ? 0 : 1);
        var alpha = Alpha / testsThatRollBack;
        // A phase judged on all traffic has no treatment series: every request stands in for it.
        var treatment = g.AllTraffic ? metrics.AllTraffic(from, now) : metrics.Window(phase.Flag, SeriesKey.Treatment, from, now);
        var control = metrics.Window(phase.Flag, SeriesKey.Control, from, now);
        var minSamples = g.LatencyP95.MinSamples;

        if (withControl)
        {
            var blocks = Blocks(from, now).Select(b => metrics.Window(phase.Flag, SeriesKey.Treatment, b.From, b.To).Histogram).ToList();
            verdicts.Add(Latency("p95 vs control", control.Histogram, treatment.Histogram, g.LatencyP95, alpha, minSamples, advanceOnEvidence, blocks));
        }
        if (baseline is not null)
        {
            // A host stall slows every request at once: clustered in time like a slow minute of a new code path, and
            // weighed the same way. A tail block shorter than half a block joins the one before, so a stall that
            // fills the stage's first 10 s is not set against a sliver of calm requests and called clustered.
            // The blocks cover the stage exactly, so the stage's own histogram is their merge, not a second read.
            var blocks = Blocks(from, now, mergeShortTail: true).Select(b => metrics.AllTraffic(b.From, b.To).Histogram).ToList();
            var stage = Latency("p95 vs baseline", baseline, Merged(blocks), g.LatencyP95, alpha, minSamples, advanceOnEvidence, blocks);
            verdicts.Add(stage.Outcome == GuardrailOutcome.Failed ? ConfirmAgainstBaseline(stage, metrics, baseline, g.LatencyP95, alpha, minSamples, advanceOnEvidence, from, now) : stage);
        }

        var errors = SequentialExceedanceTest.Sprt(treatment.Errors, treatment.Count, g.ErrorRate.Max / 2, g.ErrorRate.Max, alpha, Beta, minSamples);
        verdicts.Add(new GuardrailVerdict("error rate", errors.Outcome == GuardrailOutcome.NoData ? GuardrailOutcome.Inconclusive : errors.Outcome, g.ErrorRate.Risk,
            $"{treatment.Errors}/{treatment.Count} failed ({treatment.ErrorRate:P2}), limit {Percentages.Format(g.ErrorRate.Max)}",
            new Dictionary<string, double> { ["errors"] = treatment.Errors, ["samples"] = treatment.Count, ["llr"] = errors.LogLikelihoodRatio, ["bound"] = errors.UpperBound }));

        if (g.MaxP95 is { } maxP95)
        {
            var limit = maxP95.TotalSeconds;
            var above = treatment.Histogram.CountAbove(limit);
            var result = SequentialExceedanceTest.Sprt(above, treatment.Count, 0.05, 0.08, alpha, Beta, minSamples, threshold: limit);
            verdicts.Add(new GuardrailVerdict("absolute p95", result.Outcome, g.LatencyP95.Risk,
                $"treatment p95 {Ms(treatment.Histogram.Quantile(0.95))} against {Durations.Format(maxP95)}",
                new Dictionary<string, double> { ["p95Ms"] = (treatment.Histogram.Quantile(0.95) ?? 0) * 1000, ["llr"] = result.LogLikelihoodRatio, ["bound"] = result.UpperBound }));
        }

        var pool = PoolReadings.Read(metrics, g.Pool.MaxPendingRequests, from, now);
        var (poolOutcome, poolReason) = PoolSaturation.Judge(pool, g.Pool.MaxPendingRequests, PoolSaturation.WithoutReadings.NotJudged);
        verdicts.Add(new GuardrailVerdict("connection pool", poolOutcome, g.Pool.Risk, poolReason,
            new Dictionary<string, double> { ["maxPending"] = pool.MaxPending ?? 0, ["sustainedSeconds"] = pool.SustainedSeconds, ["reported"] = pool.Reported ? 1 : 0 }));

        var decision = verdicts.Any(v => v.Outcome == GuardrailOutcome.Failed) ? StageDecision.RollBack
            : now - stageStart < bake || verdicts.Any(v => v.Outcome is GuardrailOutcome.Inconclusive or GuardrailOutcome.NoData) ? StageDecision.Hold
            : StageDecision.Advance;
        if (decision != StageDecision.Hold)
        {
            return new StageAnalysis(decision, verdicts);
        }

        var held = now - stageStart;
        var (observed, bakeLeft) = (now > from ? now - from : TimeSpan.Zero, held < bake ? bake - held : TimeSpan.Zero);
        var needs = Needs(verdicts, g.AllTraffic ? "request" : "treatment", treatment.Count, withControl ? control.Count : null, metrics.AllTraffic(from, now).Count, minSamples).ToList();
        var estimate = VerdictEstimate.For(percentage, needs, observed, bakeLeft);
        // Only the minimum samples are a firm projection; how fast a ratio heads for acceptance wanders with the data.
        return Beyond(phase.Ramp.MaxHold, held, bake, VerdictEstimate.For(percentage, needs.Where(n => n.Needed == minSamples), observed, bakeLeft)) is { } why
            ? new StageAnalysis(StageDecision.Pause, [.. verdicts, new GuardrailVerdict(VerdictTime, GuardrailOutcome.NoData, "R008", $"{estimate.Text}: {why}",
                new Dictionary<string, double> { ["heldSeconds"] = held.TotalSeconds, ["maxHoldSeconds"] = phase.Ramp.MaxHold.TotalSeconds, ["etaSeconds"] = estimate.Eta?.TotalSeconds ?? -1 })], estimate)
            : new StageAnalysis(decision, verdicts, estimate);
    }

    /// <summary>
    /// What each undecided test still needs, per series: its minimum samples, and for a latency test also the samples
    /// its ratio needs to accept at the rate it moves now (<see cref="SamplesToDecide"/>; -1: not heading there).
    /// </summary>
    private static IEnumerable<(string Series, long Samples, double Needed)> Needs(
        IReadOnlyList<GuardrailVerdict> verdicts, string treatmentName, long treatment, long? control, long allTraffic, int minSamples)
    {
        yield return (treatmentName, treatment, minSamples);
        if (control is { } c)
        {
            yield return ("control", c, minSamples);
        }

        foreach (var v in verdicts.Where(v => v.Outcome == GuardrailOutcome.Inconclusive && v.Readings.ContainsKey(SamplesToDecide)))
        {
            var (name, samples) = v.Guardrail == "p95 vs baseline" ? ("all-traffic", allTraffic) : (treatmentName, treatment);
            var more = v.Readings[SamplesToDecide];
            yield return (name, samples, more < 0 ? -1 : samples + more);
        }
    }

    /// <summary>The reading of a latency verdict that says how many more candidate samples its verdict needs.</summary>
    public const string SamplesToDecide = "samplesToDecide";

    /// <summary>
    /// Why a held stage should stop waiting: it has held longer than <paramref name="maxHold"/>, or, baked, its samples
    /// arrive too slowly to complete within it. Null while the verdict can still come in time.
    /// </summary>
    private static string? Beyond(TimeSpan maxHold, TimeSpan held, TimeSpan bake, VerdictEstimate estimate) =>
        held > maxHold ? $"held {Durations.Format(TimeSpan.FromSeconds(Math.Round(held.TotalSeconds)))}, beyond ramp.maxHold {Durations.Format(maxHold)}"
        : held >= bake && estimate.Eta is { } eta && held + eta > maxHold
            ? $"at this rate beyond ramp.maxHold {Durations.Format(maxHold)} (held {Durations.Format(TimeSpan.FromSeconds(Math.Round(held.TotalSeconds)))})"
            : null;

    /// <summary>
    /// Unlike treatment against its concurrent control, all traffic against a baseline taken before the phase also
    /// sees whatever else slowed the server for a moment (a checkpoint after the steps, a burst of host load): such
    /// a burst ages out of the recent window, a change that slows everyone does not. Failed over the stage and over
    /// the recent window = failed; otherwise the recent window's outcome stands. The stage test fails only once it
    /// spans two blocks with a tail of at least half a block (15 s), so a whole recent window always exists here.
    /// </summary>
    private static GuardrailVerdict ConfirmAgainstBaseline(
        GuardrailVerdict stage, IMetricsSource metrics, LatencyHistogram baseline, LatencyGuardrail guardrail, double alpha, int minSamples, bool acceptance, DateTimeOffset from, DateTimeOffset now)
    {
        var recentFrom = RecentFrom(start => metrics.AllTraffic(start, now).Count, minSamples, from, now - BaselineConfirm);
        var recent = metrics.AllTraffic(recentFrom, now);
        var confirmation = Latency("p95 vs baseline", baseline, recent.Histogram, guardrail, alpha, minSamples, acceptance);
        var window = $"the last {(now - recentFrom).TotalSeconds:F0} s";
        return confirmation.Outcome == GuardrailOutcome.Failed
            ? stage with { Reason = $"{stage.Reason}; persists over {window}: {confirmation.Reason}" }
            : confirmation with { Reason = $"{confirmation.Reason} over {window} (the stage so far: {stage.Reason}, not persisting)" };
    }

    /// <summary>
    /// The latest whole-second start in [<paramref name="from"/>, <paramref name="latest"/>] whose window up to now
    /// holds at least <paramref name="need"/> requests, or <paramref name="from"/> when none does. Counts only grow
    /// as the start moves back, so a binary search over the seconds finds it in a few reads.
    /// </summary>
    private static DateTimeOffset RecentFrom(Func<DateTimeOffset, long> countSince, long need, DateTimeOffset from, DateTimeOffset latest)
    {
        if (latest <= from)
        {
            return from;
        }

        var span = (long)Math.Ceiling((latest - from).TotalSeconds);
        DateTimeOffset Start(long back) => back >= span ? from : latest - TimeSpan.FromSeconds(back);
        if (countSince(Start(0)) >= need)
        {
            return Start(0);
        }

        long enough = span, tooFew = 0;
        while (enough - tooFew > 1)
        {
            var middle = tooFew + ((enough - tooFew) / 2);
            if (countSince(Start(middle)) >= need)
            {
                enough = middle;
            }
            else
            {
                tooFew = middle;
            }
        }

        return Start(enough);
    }

    private static LatencyHistogram Merged(IReadOnlyList<LatencyHistogram> blocks)
    {
        var merged = new LatencyHistogram(LatencyHistogram.MaxScale);
        foreach (var block in blocks)
        {
            merged.Merge(block);
        }

        return merged;
    }

    /// <summary>
    /// Consecutive <see cref="Block"/>-long windows covering [from, now); the last may be shorter, or, with
    /// <paramref name="mergeShortTail"/>, is folded into the one before when it is shorter than half a block.
    /// </summary>
    private static List<(DateTimeOffset From, DateTimeOffset To)> Blocks(DateTimeOffset from, DateTimeOffset now, bool mergeShortTail = false)
    {
        var blocks = new List<(DateTimeOffset From, DateTimeOffset To)>();
        for (var start = from; start < now; start += Block)
        {
            blocks.Add((start, start + Block < now ? start + Block : now));
        }

        if (mergeShortTail && blocks.Count >= 2 && blocks[^1].To - blocks[^1].From < Block / 2)
        {
            blocks[^2] = (blocks[^2].From, now);
            blocks.RemoveAt(blocks.Count - 1);
        }

        return blocks;
    }

    private static GuardrailVerdict Latency(
        string name, LatencyHistogram reference, LatencyHistogram candidate, LatencyGuardrail guardrail, double alpha, int minSamples, bool acceptance,
        IReadOnlyList<LatencyHistogram>? blocks = null)
    {
        var referenceP95 = reference.Quantile(0.95);
        var band = RegressionBand.For(guardrail, referenceP95);
        var result = SequentialExceedanceTest.Evaluate(reference, candidate, band.Tolerated, band.Regression, alpha, Beta, minSamples, blocks, acceptance);
        var dependence = blocks is null ? ""
            : result.Blocks < SequentialExceedanceTest.MinBlocks && result.Outcome == GuardrailOutcome.Inconclusive ? $", {result.Blocks} of the {SequentialExceedanceTest.MinBlocks} blocks of {Block.TotalSeconds:F0} s needed to fail"
            : result.Dispersion > 1.005 ? $", evidence ÷{result.Dispersion:F1} for slowness clustered in time ({result.Blocks} blocks of {Block.TotalSeconds:F0} s)"
            : "";
        var candidateP95 = candidate.Quantile(0.95);
        var line = band.Floored
            ? $"threshold +{band.Regression * 100:F0}% (at least {Durations.Format(guardrail.MinDelta)} of p95; +{Percentages.Format(guardrail.MaxRegression)} alone)"
            : $"threshold +{Percentages.Format(guardrail.MaxRegression)}";
        var change = referenceP95 is > 0 && candidateP95 is not null ? (candidateP95.Value / referenceP95.Value) - 1 : 0;
        return new GuardrailVerdict(name, result.Outcome == GuardrailOutcome.NoData ? GuardrailOutcome.Inconclusive : result.Outcome, guardrail.Risk,
            $"p95 {Ms(candidateP95)} vs {Ms(referenceP95)} ({change:+0%;-0%;0%}), {result.Samples} vs {reference.Count} samples, {result.Exceedances:F0} above {result.Threshold * 1000:F1} ms, {line}{dependence}",
            new Dictionary<string, double>
            {
                ["candidateP95Ms"] = (candidateP95 ?? 0) * 1000,
                ["referenceP95Ms"] = (referenceP95 ?? 0) * 1000,
                ["candidateSamples"] = result.Samples,
                ["referenceSamples"] = reference.Count,
                ["exceedances"] = result.Exceedances,
                ["llr"] = result.LogLikelihoodRatio,
                ["bound"] = result.UpperBound,
                ["maxRegression"] = guardrail.MaxRegression,
                ["regressionLine"] = band.Regression,
                ["minDeltaMs"] = guardrail.MinDelta.TotalMilliseconds,
                ["dispersion"] = result.Dispersion,
                ["blocks"] = result.Blocks,
                ["lowerBound"] = double.IsNegativeInfinity(result.LowerBound) ? 0 : result.LowerBound,
                [SamplesToDecide] = result.Outcome != GuardrailOutcome.Inconclusive ? 0
                    : result.SamplesToAccept() is { } toAccept ? Math.Max(minSamples - result.Samples, toAccept) : -1,
            });
    }

    private static string Ms(double? seconds) => seconds is null ? "n/a" : $"{seconds.Value * 1000:F1} ms";
}

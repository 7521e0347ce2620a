using ReplyX.Rollout.Primitives.Statistics;
using System.Diagnostics;
using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Bench;

/// <summary>
/// Runs the latency decision rule on simulated traffic exactly as the controller looks at it: 200 requests/s,
/// 5% on the treatment, samples quantized into scale-4 exponential histograms (what OpenTelemetry .NET exports
/// for this range), one look per second over a 2-minute stage, the regression starting at the stage's start;
/// against the control and against the baseline, over-dispersion across time blocks counts as it does in the
/// controller.
/// </summary>
internal static class DecisionRuleSimulation
{
    private const int RequestsPerSecond = 200;
    private const double TreatmentShare = 0.05;
    private const int StageSeconds = 120;
    private const int Scale = 4;

    public static void Run(int runs, TextWriter output)
    {
        var alpha = StageAnalyzer.Alpha / 3;
        output.WriteLine($"Decision rule: SPRT on exceedances of 1.1 x control p95, alpha {alpha:G3} per latency test (stage budget {StageAnalyzer.Alpha}), beta {StageAnalyzer.Beta}, min 200 samples per side.");
        output.WriteLine($"{RequestsPerSecond} req/s, {TreatmentShare:P0} treatment, {StageSeconds} s stage, {runs} runs per row, histograms at scale {Scale}.");
        output.WriteLine();
        foreach (var model in new[] { LatencyModel.Lognormal, LatencyModel.HeavyTail })
        {
            output.WriteLine(model.Name);
            output.WriteLine($"  {"slowdown",9} {"rolled back",12} {"median s",9} {"p95 s",7}");
            foreach (var slowdown in new[] { 0.0, 0.10, 0.20, 0.30, 1.00 })
            {
                var times = new List<int>();
                for (var run = 0; run < runs; run++)
                {
                    if (SimulateStage(model, slowdown, alpha, new Random((run * 7919) + (int)(slowdown * 1000))) is { } second)
                    {
                        times.Add(second);
                    }
                }

                WriteRow(output, slowdown, times, runs);
            }

            output.WriteLine();
        }
    }

    /// <summary>
    /// The whole ramp: 5% and 25% stages against the concurrent control, then 100% against a 60-second pre-phase
    /// baseline, 120 s each; the regression starts with the first stage. Returns the second of the rollback.
    /// </summary>
    public static void RunRamp(int runs, TextWriter output)
    {
        var alpha = StageAnalyzer.Alpha / 3;
        output.WriteLine($"Whole ramp (5% -> 25% -> 100% vs 60 s baseline, {StageSeconds} s per stage), {runs} runs per row:");
        foreach (var model in new[] { LatencyModel.Lognormal, LatencyModel.HeavyTail })
        {
            output.WriteLine(model.Name);
            output.WriteLine($"  {"slowdown",9} {"rolled back",12} {"median s",9} {"p95 s",7}");
            foreach (var slowdown in new[] { 0.0, 0.10, 0.20, 0.30, 1.00 })
            {
                var times = new List<int>();
                for (var run = 0; run < runs; run++)
                {
                    var random = new Random((run * 104729) + (int)(slowdown * 1000));
                    var baseline = new LatencyHistogram(Scale);
                    for (var i = 0; i < RequestsPerSecond * 60; i++)
                    {
                        baseline.Record(model.Sample(random, 0));
                    }

                    int? at = null;
                    var offset = 0;
                    foreach (var share in new[] { 0.05, 0.25, 1.0 })
                    {
                        at = SimulateStage(model, slowdown, alpha, random, share, share == 1.0 ? baseline : null);
                        if (at is not null)
                        {
                            at += offset;
                            break;
                        }

                        offset += StageSeconds;
                    }

                    if (at is { } second)
                    {
                        times.Add(second);
                    }
                }

                WriteRow(output, slowdown, times, runs);
            }

            output.WriteLine();
        }
    }

    /// <summary>
    /// A slowdown that passes: the treatment is +100% slower from 40 s to 90 s of the first stage only (as phase 02's
    /// new search path was at 5% on the 2-core host), at 200 and at 20 requests/s; how many stages each rule rolls
    /// back: every request an independent trial, or over-dispersion across <see cref="StageAnalyzer.Block"/> blocks.
    /// </summary>
    public static void RunTransient(int runs, TextWriter output)
    {
        var alpha = StageAnalyzer.Alpha / 3;
        output.WriteLine($"+100% from 40 s to 90 s of a {StageSeconds} s stage at 5%, then none; {runs} runs per row (lognormal):");
        output.WriteLine($"  {"requests/s",10} {"independent",12} {"blocks",8}");
        foreach (var rate in new[] { RequestsPerSecond, 20 })
        {
            int independent = 0, blocked = 0;
            for (var run = 0; run < runs; run++)
            {
                var seed = (run * 15485863) + rate;
                independent += SimulateStage(LatencyModel.Lognormal, 1.0, alpha, new Random(seed), slowFrom: 40, slowTo: 90, rate: rate, blocks: false) is null ? 0 : 1;
                blocked += SimulateStage(LatencyModel.Lognormal, 1.0, alpha, new Random(seed), slowFrom: 40, slowTo: 90, rate: rate) is null ? 0 : 1;
            }

            output.WriteLine($"  {rate,10} {independent / (double)runs,12:P1} {blocked / (double)runs,8:P1}");
        }

        output.WriteLine();
    }

    /// <summary>
    /// A host stall at 100%: every request 30x slower for a few seconds, then none, judged against a 60 s baseline;
    /// how many stages roll back when every request is an independent trial and when blocks weigh the stall.
    /// (The controller also asks the last 10 s to fail; that is not modelled here.)
    /// </summary>
    public static void RunStall(int runs, TextWriter output)
    {
        var alpha = StageAnalyzer.Alpha / 3;
        output.WriteLine($"A stall of all traffic (30x) at 100% vs a 60 s baseline, {StageSeconds} s stage, {runs} runs per row (lognormal):");
        output.WriteLine($"  {"stall",12} {"independent",12} {"blocks",8}");
        foreach (var (from, to) in new[] { (0, 10), (0, 3), (40, 45) })
        {
            int independent = 0, blocked = 0;
            for (var run = 0; run < runs; run++)
            {
                var seed = (run * 49979687) + from;
                var baseline = new LatencyHistogram(Scale);
                var random = new Random(seed);
                for (var i = 0; i < RequestsPerSecond * 60; i++)
                {
                    baseline.Record(LatencyModel.Lognormal.Sample(random, 0));
                }

                independent += SimulateStage(LatencyModel.Lognormal, 29, alpha, new Random(seed + 1), 1.0, baseline, from, to, blocks: false) is null ? 0 : 1;
                blocked += SimulateStage(LatencyModel.Lognormal, 29, alpha, new Random(seed + 1), 1.0, baseline, from, to) is null ? 0 : 1;
            }

            output.WriteLine($"  {$"{from}-{to} s",12} {independent / (double)runs,12:P1} {blocked / (double)runs,8:P1}");
        }

        output.WriteLine();
    }

    /// <summary>
    /// The floor (<c>minDelta</c>): all traffic on a fast path (p95 6.8 ms) against a 60 s baseline at 100%, slowed
    /// uniformly — to the test, host drift and a regression look the same; only their size tells them apart.
    /// How often each slowdown rolls back without a floor and with a 5 ms one.
    /// </summary>
    public static void RunFloor(int runs, TextWriter output)
    {
        var alpha = StageAnalyzer.Alpha / 3;
        output.WriteLine($"All traffic vs a 60 s baseline, {LatencyModel.Fast.Name}, {StageSeconds} s at 100%, {runs} runs per row:");
        output.WriteLine($"  {"slowdown",9} {"p95 +ms",8} {"no floor",9} {"median s",9} {"minDelta 5ms",13} {"median s",9}");
        foreach (var slowdown in new[] { 0.0, 0.20, 0.40, 0.60, 1.00, 2.00 })
        {
            var columns = new List<string>();
            foreach (var floor in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(5) })
            {
                var times = new List<int>();
                for (var run = 0; run < runs; run++)
                {
                    var random = new Random((run * 7727) + (int)(slowdown * 1000));
                    var baseline = new LatencyHistogram(Scale);
                    for (var i = 0; i < RequestsPerSecond * 60; i++)
                    {
                        baseline.Record(LatencyModel.Fast.Sample(random, 0));
                    }

                    if (SimulateStage(LatencyModel.Fast, slowdown, alpha, random, 1.0, baseline, guardrail: new LatencyGuardrail(MinDelta: floor)) is { } second)
                    {
                        times.Add(second);
                    }
                }

                times.Sort();
                columns.Add($"{times.Count / (double)runs,9:P1} {(times.Count > 0 ? times[times.Count / 2].ToString(System.Globalization.CultureInfo.InvariantCulture) : "-"),9}");
            }

            var p95 = 0.003 * Math.Exp(0.5 * 1.645);
            output.WriteLine($"  {slowdown,9:+0%;-0%;0%} {p95 * slowdown * 1000,8:F1} {columns[0]} {columns[1],23}");
        }

        output.WriteLine();
    }

    /// <summary>
    /// The second the rule rolled back at, or null when the stage passed. The treatment is slowed from
    /// <paramref name="slowFrom"/> (inclusive) to <paramref name="slowTo"/> seconds; with <paramref name="blocks"/>
    /// the treatment against its control is judged as the controller does, over-dispersion across blocks included.
    /// </summary>
    private static int? SimulateStage(
        LatencyModel model, double slowdown, double alpha, Random random, double treatmentShare = TreatmentShare, LatencyHistogram? baseline = null,
        int slowFrom = 0, int slowTo = int.MaxValue, int rate = RequestsPerSecond, bool blocks = true, LatencyGuardrail? guardrail = null)
    {
        guardrail ??= new LatencyGuardrail();
        var control = baseline?.Clone() ?? new LatencyHistogram(Scale);
        var treatment = new LatencyHistogram(Scale);
        var perBlock = new List<LatencyHistogram>();
        var blockSeconds = (int)StageAnalyzer.Block.TotalSeconds;
        for (var second = 1; second <= StageSeconds; second++)
        {
            if ((second - 1) % blockSeconds == 0)
            {
                perBlock.Add(new LatencyHistogram(Scale));
            }

            var slowed = second > slowFrom && second <= slowTo ? slowdown : 0;
            for (var i = 0; i < rate; i++)
            {
                if (random.NextDouble() < treatmentShare)
                {
                    var latency = model.Sample(random, slowed);
                    treatment.Record(latency);
                    perBlock[^1].Record(latency);
                }
                else
                {
                    control.Record(model.Sample(random, 0));
                }
            }

            var band = RegressionBand.For(guardrail, control.Quantile(0.95));
            var result = SequentialExceedanceTest.Evaluate(
                control, treatment, band.Tolerated, band.Regression, alpha, StageAnalyzer.Beta, 200, !blocks ? null : baseline is null ? perBlock : MergeShortTail(perBlock, second, blockSeconds));
            if (result.Outcome == GuardrailOutcome.Failed)
            {
                return second;
            }
        }

        return null;
    }

    /// <summary>Against the baseline the controller folds a tail block shorter than half a block into the one before.</summary>
    private static List<LatencyHistogram> MergeShortTail(List<LatencyHistogram> blocks, int second, int blockSeconds)
    {
        var tail = ((second - 1) % blockSeconds) + 1;
        if (blocks.Count < 2 || tail * 2 >= blockSeconds)
        {
            return blocks;
        }

        var merged = blocks[^2].Clone();
        merged.Merge(blocks[^1]);
        return [.. blocks.Take(blocks.Count - 2), merged];
    }

    /// <summary>One table row: how often the rule rolled back, and the median and p95 second it did.</summary>
    private static void WriteRow(TextWriter output, double slowdown, List<int> times, int runs)
    {
        times.Sort();
        string At(double q) => times.Count > 0 ? times[Math.Min(times.Count - 1, (int)(times.Count * q))].ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
        output.WriteLine($"  {slowdown,9:+0%;-0%;0%} {times.Count / (double)runs,12:P1} {At(0.5),9} {At(0.95),7}");
    }

    public static void EstimatorError(TextWriter output)
    {
        output.WriteLine("p95 estimation error of the histogram estimator against the exact p95 of the same samples (1,000 trials of 10,000 samples):");
        foreach (var model in new[] { LatencyModel.Lognormal, LatencyModel.HeavyTail })
        {
            foreach (var scale in new[] { 3, 4, 5 })
            {
                var errors = new List<double>();
                var random = new Random(42 + scale);
                for (var trial = 0; trial < 1000; trial++)
                {
                    var histogram = new LatencyHistogram(scale);
                    var samples = new double[10_000];
                    for (var i = 0; i < samples.Length; i++)
                    {
                        samples[i] = model.Sample(random, 0);
                        histogram.Record(samples[i]);
                    }

                    Array.Sort(samples);
                    var exact = Percentiles.NearestRank(samples, 0.95);
                    errors.Add(Math.Abs(histogram.Quantile(0.95)!.Value / exact - 1));
                }

                errors.Sort();
                output.WriteLine($"  {model.Name}, scale {scale}: median {errors[500]:P2}, p99 {errors[990]:P2}, max {errors[^1]:P2}");
            }
        }
    }

    public static void Time(Action action, TextWriter output)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        output.WriteLine($"({stopwatch.Elapsed.TotalSeconds:F1} s)");
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Bench.Decisions;

/// <summary>
/// <c>bench decide [runs] [rates...]</c>: per traffic rate, latency shape and regression, how <see cref="RampSimulation"/>
/// ramps ended over <c>runs</c> seeds — rolled back (and how many at the first stage), time to rollback from the
/// first stage's start (median / p90), held past the hold limit, completed (and the median length of a completed
/// ramp). Phase 01's YAML supplies the stages, bake and guardrails.
/// </summary>
public static class DecisionBench
{
    public static readonly TimeSpan MaxHold = TimeSpan.FromMinutes(30);

    public static PhaseDefinition Foundation()
    {
        var path = Path.Combine(RepositoryRoot(), "phases", "01-foundation.yaml");
        var diagnostics = new DiagnosticBag();
        return PhaseParser.Parse(path, File.ReadAllText(path), diagnostics) ?? throw new InvalidOperationException($"{path}: {string.Join("; ", diagnostics.Items)}");
    }

    public static void Run(int runs, IReadOnlyList<int> rates, TextWriter output)
    {
        var phase = Foundation();
        output.WriteLine($"Phase '{phase.Id}': stages {string.Join(" -> ", phase.Ramp.Stages)}%, bake {Durations.Format(phase.Ramp.Bake)}, p95 +{phase.Guardrails.LatencyP95.MaxRegression * 100:F0}% line, " +
            $"min {phase.Guardrails.LatencyP95.MinSamples} samples; {runs} ramps per row; hold limit {Durations.Format(MaxHold)}; StageAnalyzer.Analyze once a second.");
        foreach (var rate in rates)
        {
            var stopwatch = Stopwatch.StartNew();
            output.WriteLine();
            output.WriteLine($"{rate} req/s");
            output.WriteLine($"| shape | change | true p95 change | rolled back | at first stage | rollback median s | p90 s | held | completed | completed in (median) |");
            output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var shape in LatencyShape.All)
            {
                foreach (var change in Regression.All)
                {
                    var outcomes = new ConcurrentBag<RampOutcome>();
                    var simulation = new RampSimulation(phase, shape, change, rate, MaxHold);
                    Parallel.For(0, runs, run => outcomes.Add(simulation.Run(Seed(rate, shape, change, run))));
                    output.WriteLine(Row(shape, change, [.. outcomes], runs, phase.Ramp.Stages[0]));
                }
            }

            output.WriteLine($"({stopwatch.Elapsed.TotalSeconds:F0} s)");
        }
    }

    private static string Row(LatencyShape shape, Regression change, List<RampOutcome> outcomes, int runs, int firstStage)
    {
        var rolledBack = outcomes.Where(o => o.End == RampEnd.RolledBack).Select(o => o.Elapsed.TotalSeconds).Order().ToList();
        var completed = outcomes.Where(o => o.End == RampEnd.Completed).Select(o => o.Elapsed.TotalSeconds).Order().ToList();
        var atFirst = outcomes.Count(o => o.End == RampEnd.RolledBack && o.Percentage == firstStage);
        var held = outcomes.Count(o => o.End is RampEnd.Held or RampEnd.Paused);
        static string At(List<double> sorted, double q) => sorted.Count == 0 ? "-" : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))].ToString("F0", CultureInfo.InvariantCulture);
        static string Share(int count, int of) => (count / (double)of).ToString("P1", CultureInfo.InvariantCulture);
        return $"| {shape.Name} | {change.Name} | {TrueP95Change(shape, change):+0%;-0%;0%} | {Share(rolledBack.Count, runs)} | {Share(atFirst, runs)} | {At(rolledBack, 0.5)} | {At(rolledBack, 0.9)} | {held} | {completed.Count} | {(completed.Count == 0 ? "-" : Durations.Format(TimeSpan.FromSeconds(Math.Round(completed[completed.Count / 2]))))} |";
    }

    /// <summary>What the change does to the shape's p95, from 200,000 requests of each (the row's ground truth, not the rule's reading).</summary>
    private static double TrueP95Change(LatencyShape shape, Regression change)
    {
        var random = new Random(5);
        var before = new double[200_000];
        var after = new double[before.Length];
        for (var i = 0; i < before.Length; i++)
        {
            before[i] = shape.Sample(random, 0);
            after[i] = change.Apply(random, shape.Sample(random, 0), shape);
        }

        Array.Sort(before);
        Array.Sort(after);
        return (after[(int)(after.Length * 0.95)] / before[(int)(before.Length * 0.95)]) - 1;
    }

    /// <summary>A seed that is the same on every run of the bench (string.GetHashCode is not).</summary>
    private static int Seed(int rate, LatencyShape shape, Regression change, int run)
    {
        var hash = 2166136261u;
        foreach (var c in $"{rate}/{shape.Name}/{change.Name}/{run}")
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & int.MaxValue);
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ReplyX.Rollout.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the bench from inside the repository: phases/01-foundation.yaml supplies the guardrails.");
    }
}

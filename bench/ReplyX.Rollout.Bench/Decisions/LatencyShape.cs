using ReplyX.Rollout.Primitives.Statistics;

namespace ReplyX.Rollout.Bench.Decisions;

/// <summary>
/// A request-latency distribution in seconds, at simulated second <c>t</c> of a run (t &lt; 0 is the pre-phase
/// minute): what a service's requests look like before any change.
/// </summary>
public sealed record LatencyShape(string Name, Func<Random, double, double> Sample)
{
    /// <summary>One lognormal body: median 50 ms, σ 0.5 (p95 ≈ 114 ms).</summary>
    public static LatencyShape Lognormal { get; } = new("lognormal", (r, _) => LogNormal(r, 0.050, 0.5));

    /// <summary>The same body with 3% of requests from a Pareto tail (from 100 ms, α 1.2: no finite variance).</summary>
    public static LatencyShape HeavyTail { get; } = new("heavy-tail", (r, _) => r.NextDouble() < 0.03 ? 0.100 / Math.Pow(1 - r.NextDouble(), 1 / 1.2) : LogNormal(r, 0.050, 0.5));

    /// <summary>Cache hits and misses: 85% around 4 ms, 15% around 80 ms; the p95 sits inside the miss mode.</summary>
    public static LatencyShape Bimodal { get; } = new("bimodal", (r, _) => r.NextDouble() < 0.85 ? LogNormal(r, 0.004, 0.3) : LogNormal(r, 0.080, 0.5));

    /// <summary>The lognormal body under a slow drift common to both arms: ±8% over a 5-minute period.</summary>
    public static LatencyShape Drift { get; } = new("drift", (r, t) => LogNormal(r, 0.050, 0.5) * (1 + (0.08 * Math.Sin(2 * Math.PI * t / 300))));

    public static IReadOnlyList<LatencyShape> All { get; } = [Lognormal, HeavyTail, Bimodal, Drift];

    /// <summary>The shape's median, from a large sample (the tail-only regression slows what lies above it).</summary>
    public double Median { get; } = MedianOf(Sample);

    private static double LogNormal(Random random, double median, double sigma) => median * Math.Exp(sigma * Gaussian.Next(random));

    private static double MedianOf(Func<Random, double, double> sample)
    {
        var random = new Random(17);
        var values = Enumerable.Range(0, 20_001).Select(_ => sample(random, 0)).Order().ToList();
        return values[values.Count / 2];
    }
}

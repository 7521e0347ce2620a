using ReplyX.Rollout.Primitives.Statistics;

namespace ReplyX.Rollout.Bench;

/// <summary>The estimator bench's latency distributions in seconds: lognormal, optionally with a heavy tail of slow requests.</summary>
internal sealed record LatencyModel(string Name, double Median, double Sigma, double TailShare, double TailMedian, double TailSigma)
{
    public static LatencyModel Lognormal { get; } = new("lognormal (median 50 ms, sigma 0.5)", 0.050, 0.5, 0, 0, 0);

    /// <summary>A fast query path like the workload's on this host (p95 6.8 ms).</summary>
    public static LatencyModel Fast { get; } = new("lognormal (median 3 ms, sigma 0.5)", 0.003, 0.5, 0, 0, 0);

    public static LatencyModel HeavyTail { get; } = new("lognormal + 3% heavy tail (median 400 ms, sigma 0.8)", 0.050, 0.5, 0.03, 0.400, 0.8);

    public double Sample(Random random, double slowdown)
    {
        var tail = TailShare > 0 && random.NextDouble() < TailShare;
        var z = Gaussian.Next(random);
        var value = tail ? TailMedian * Math.Exp(TailSigma * z) : Median * Math.Exp(Sigma * z);
        return value * (1 + slowdown);
    }
}

namespace ReplyX.Rollout.Primitives.Statistics;

/// <summary>Exact percentiles of sorted samples (the load generator's and the gates' readings; histograms have their own).</summary>
public static class Percentiles
{
    /// <summary>Nearest-rank q-quantile (0 &lt; q ≤ 1) of values sorted ascending; 0 when there are none.</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}

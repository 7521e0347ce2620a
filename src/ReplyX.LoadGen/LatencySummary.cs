using ReplyX.Rollout.Primitives.Statistics;

namespace ReplyX.LoadGen;

/// <summary>Exact percentiles of one endpoint's latencies over a window.</summary>
public sealed record LatencySummary(string Endpoint, int Count, int Errors, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary From(string endpoint, List<double> milliseconds, int errors)
    {
        if (milliseconds.Count == 0)
        {
            return new LatencySummary(endpoint, 0, errors, 0, 0, 0, 0);
        }

        milliseconds.Sort();
        return new LatencySummary(endpoint, milliseconds.Count, errors,
            Percentiles.NearestRank(milliseconds, 0.50), Percentiles.NearestRank(milliseconds, 0.95), Percentiles.NearestRank(milliseconds, 0.99), milliseconds[^1]);
    }

    public override string ToString() =>
        $"{Endpoint,-10} n={Count,7} err={Errors,5}  p50={P50Ms,8:F1} ms  p95={P95Ms,8:F1} ms  p99={P99Ms,8:F1} ms  max={MaxMs,8:F1} ms";
}

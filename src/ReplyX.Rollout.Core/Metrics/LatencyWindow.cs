namespace ReplyX.Rollout.Core.Metrics;

/// <summary>Requests of one side over a time window: their latency histogram (ms) and how many failed (5xx).</summary>
public sealed record LatencyWindow(LatencyHistogram Histogram, long Errors)
{
    public long Count => Histogram.Count;

    public double ErrorRate => Count == 0 ? 0 : Errors / (double)Count;
}

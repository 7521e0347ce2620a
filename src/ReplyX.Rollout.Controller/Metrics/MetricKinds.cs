namespace ReplyX.Rollout.Controller.Metrics;

/// <summary>The kinds of row in <c>rollout.metric_points</c> (the table's CHECK lists the same).</summary>
public static class MetricKinds
{
    public const string Latency = "latency";
    public const string Pending = "pending";
    public const string Cpu = "cpu";

    /// <summary>Metrics arrived; the row's value is the receive time in ticks since the Unix epoch.</summary>
    public const string Received = "received";
}

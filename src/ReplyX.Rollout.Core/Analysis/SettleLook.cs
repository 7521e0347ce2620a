namespace ReplyX.Rollout.Core.Analysis;

/// <summary>
/// One look at all traffic against the baseline: settled or not, with the p95s (seconds), the samples it saw and
/// the share above the baseline it allowed.
/// </summary>
public sealed record SettleLook(bool Settled, double P95, double BaselineP95, long Samples, double Tolerated)
{
    public string Describe() => $"p95 {P95 * 1000:F1} ms vs {BaselineP95 * 1000:F1} ms";
}

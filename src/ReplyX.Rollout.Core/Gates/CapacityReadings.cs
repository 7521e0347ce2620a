namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// What the load generator measured on its side of the wire during a capacity run: the measured part, and apart
/// from it the warm-up's requests, failures and p95 (shown, not judged).
/// </summary>
public sealed record CapacityReadings(
    long Requests, long Errors, long Dropped, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double ElapsedSeconds,
    long WarmupRequests = 0, long WarmupErrors = 0, double WarmupP95Ms = 0)
{
    /// <summary>Errors and requests dropped at the in-flight limit both count: a request that never got an answer failed.</summary>
    public double ErrorRate => Requests + Dropped == 0 ? 0 : (double)(Errors + Dropped) / (Requests + Dropped);

    public double AchievedRate => ElapsedSeconds <= 0 ? 0 : Requests / ElapsedSeconds;
}

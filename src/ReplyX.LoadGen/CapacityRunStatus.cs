namespace ReplyX.LoadGen;

/// <summary>
/// A capacity run's progress and, once completed, its readings (all endpoints together). Requests, errors, latencies
/// and <see cref="ElapsedSeconds"/> cover the measured part, after the warm-up; the warm-up has its own counts.
/// </summary>
public sealed record CapacityRunStatus(
    Guid Id, string State, int Users, double Rate, double DurationSeconds, double ElapsedSeconds,
    long Requests, long Errors, long Dropped, double P50Ms, double P95Ms, double P99Ms, double MaxMs, string? Error,
    IReadOnlyList<LatencySummary> Endpoints, double WarmupSeconds, long WarmupRequests, long WarmupErrors, double WarmupP95Ms);

namespace ReplyX.Rollout.Core.Gates;

/// <summary>
/// The capacity gate (R007): the load generator drives <see cref="Users"/> simulated users at <see cref="Rate"/>
/// requests per second for <see cref="Duration"/> on the treatment path; p95 and error rate must stay under the
/// limits and no more than <see cref="MaxPendingRequests"/> requests may wait on a connection pool (5 s in a row
/// counts as saturated). Before the measured duration the rate climbs linearly from zero for <see cref="Warmup"/>
/// (default <see cref="DefaultWarmup"/>; <c>0s</c> turns it off): real traffic reaches a new path through the
/// ramp's stages, and a step from zero to full rate measures how cold pools and caches fill, not capacity. The
/// warm-up's readings are recorded beside the verdict but not judged.
/// </summary>
public sealed record CapacityOptions(int Users, double Rate, TimeSpan Duration, string? Mix, TimeSpan MaxP95, double MaxErrorRate, int MaxPendingRequests, TimeSpan Warmup = default)
{
    public static readonly TimeSpan DefaultWarmup = TimeSpan.FromSeconds(15);

    public static CapacityOptions Read(GateSettings settings) => new(
        settings.Integer("users", 10_000, 1, 10_000_000),
        settings.Integer("rate", 100, 1, 100_000),
        settings.Duration("duration", TimeSpan.FromMinutes(2)),
        settings.Text("mix"),
        settings.Duration("maxP95", TimeSpan.FromMilliseconds(500)),
        settings.Percentage("maxErrorRate", 0.01),
        settings.Integer("maxPendingRequests", 0, 0, 100_000),
        settings.Duration("warmup", DefaultWarmup, allowZero: true));
}

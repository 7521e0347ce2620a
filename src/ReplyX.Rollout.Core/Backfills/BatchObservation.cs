namespace ReplyX.Rollout.Core.Backfills;

/// <summary>
/// What the throttle sees after a batch: how long it took, who waited on its locks just before it committed, the
/// replicas' replay lag and the all-traffic p95 against its pre-step baseline (null when not measured).
/// </summary>
public sealed record BatchObservation(TimeSpan Duration, int LockWaiters, double LongestLockWaitSeconds, TimeSpan? ReplicationLag, double? P95Ratio, bool P95Fresh = true);

namespace ReplyX.Rollout.Core.Postgres;

/// <summary>
/// A streaming standby as the primary and the standby see it: replicating, still in recovery, a copy of the same
/// cluster, and how far behind it replays (time from pg_stat_replication, bytes from the two WAL positions).
/// </summary>
public sealed record StandbyStatus(int Streaming, bool InRecovery, bool SameCluster, TimeSpan? ReplayLag, long? LagBytes, string? Problem)
{
    public bool Ready(TimeSpan maxLag) => Problem is null && (ReplayLag ?? TimeSpan.Zero) <= maxLag;

    public string Describe(TimeSpan maxLag) =>
        Problem is not null ? Problem
        : !Ready(maxLag) ? $"the standby replays {ReplayLag?.TotalSeconds:F1} s behind (limit {maxLag.TotalSeconds:F0} s); level 4 would lose that much"
        : $"{Streaming} streaming standby(s); this one in recovery, same cluster, replay lag {(ReplayLag ?? TimeSpan.Zero).TotalSeconds:F1} s ({LagBytes ?? 0} bytes of WAL)";
}

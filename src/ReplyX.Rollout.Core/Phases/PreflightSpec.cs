namespace ReplyX.Rollout.Core.Phases;

/// <summary>What must hold before the first change.</summary>
public sealed record PreflightSpec
{
    public BackupPolicy Backup { get; init; } = BackupPolicy.Required;

    public string? BackupSkipReason { get; init; }

    /// <summary>Open transactions older than this block CONCURRENTLY builds: refuse to start.</summary>
    public TimeSpan MaxTransactionAge { get; init; } = TimeSpan.FromMinutes(5);

    public IReadOnlyList<DuplicatesCheck> Duplicates { get; init; } = [];

    /// <summary>
    /// The connection name of an environment this target must match (R013): its schema must be the target's (the
    /// phase was rehearsed there), or preflight fails. Null checks nothing.
    /// </summary>
    public string? Parity { get; init; }

    /// <summary>Free space required beyond the estimated build size, as a fraction of it.</summary>
    public double DiskHeadroom { get; init; } = 0.5;
}

namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// A <c>backfill</c> step: <c>UPDATE table SET set WHERE where</c> walked in keyset order of <see cref="Key"/>, one short
/// transaction per batch, its position journalled in the target after every batch. The defaults live here.
/// </summary>
public sealed record BackfillSpec
{
    public const int DefaultBatchSize = 1_000;
    public const int DefaultCheckSample = 1_000;
    public static readonly TimeSpan DefaultPause = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan DefaultMaxLag = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultMaxBatchDuration = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultStatementTimeout = TimeSpan.FromSeconds(30);

    public required string Table { get; init; }

    /// <summary>The SET list, as written: <c>new_col = expression[, ...]</c>.</summary>
    public required string Set { get; init; }

    /// <summary>The columns <see cref="Set"/> assigns, in order.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>The rows still to do; must exclude done rows unless <see cref="IdempotentReason"/> says why it need not.</summary>
    public string? Where { get; init; }

    /// <summary>A single unique not-null column to walk; null walks the primary key.</summary>
    public string? Key { get; init; }

    /// <summary>Rows per batch when the database is calm: the throttle never goes above it.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>The pause between batches when calm: the throttle lengthens it, never shortens it below this.</summary>
    public TimeSpan Pause { get; init; } = DefaultPause;

    /// <summary>Replication lag (pg_stat_replication replay_lag) above which batches slow down.</summary>
    public TimeSpan MaxLag { get; init; } = DefaultMaxLag;

    /// <summary>A batch that takes longer than this shrinks the next one.</summary>
    public TimeSpan MaxBatchDuration { get; init; } = DefaultMaxBatchDuration;

    public string? IdempotentReason { get; init; }

    /// <summary>Rows sampled after the last batch to check every assigned column equals its expression (0: no check).</summary>
    public int CheckSample { get; init; } = DefaultCheckSample;

    /// <summary>The statement a batch runs, without its key range: what lint and ownership read.</summary>
    public string Statement => $"UPDATE {Table} SET {Set}" + (Where is null ? "" : $" WHERE {Where}");
}

namespace ReplyX.Rollout.Core.Execution;

/// <summary>How a step went: the facts recorded on the run and on its span.</summary>
public sealed record StepOutcome(
    bool Succeeded,
    bool AlreadyApplied,
    int Attempts,
    TimeSpan Duration,
    bool Transactional,
    int LockTimeouts,
    IReadOnlyList<string> RetriedErrors,
    IReadOnlyList<string> DroppedInvalidIndexes,
    IReadOnlyList<int> BlockedBy,
    string? Error)
{
    /// <summary>The longest any other session waited on this step's locks (seconds, sampled every half second).</summary>
    public double LongestWaitImposed { get; init; }

    /// <summary>How many other sessions were seen waiting on this step's locks.</summary>
    public int SessionsBlocked { get; init; }

    /// <summary>A backfill's walk as it ended (rows, batches, pace); null for other steps.</summary>
    public Backfills.BackfillProgress? Backfill { get; init; }
}

using ReplyX.Rollout.Core.Diagnostics;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>One SQL change of a phase and the way back from it.</summary>
public sealed record PhaseStep
{
    public required string Name { get; init; }

    public required string Sql { get; init; }

    /// <summary>The SQL that undoes this step; null only when <see cref="IrreversibleReason"/> says why or <see cref="UndoneByEarlierStep"/>.</summary>
    public string? Rollback { get; init; }

    public string? IrreversibleReason { get; init; }

    /// <summary>lock_timeout for this step's statements; null leaves the server's (no timeout).</summary>
    public TimeSpan? LockTimeout { get; init; }

    public TimeSpan? StatementTimeout { get; init; }

    public int Retries { get; init; }

    /// <summary>True or false when the file says so; null lets the controller decide from the SQL.</summary>
    public bool? Transactional { get; init; }

    /// <summary>Set for a <c>backfill</c> step: <see cref="Sql"/> is then its batch statement, run in keyset batches.</summary>
    public BackfillSpec? Backfill { get; init; }

    /// <summary>Set for a <c>sync</c> step: <see cref="Sql"/> and <see cref="Rollback"/> are its generated trigger SQL.</summary>
    public SyncSpec? Sync { get; init; }

    /// <summary>A backfill of columns an earlier step of the phase added: that step's rollback (dropping them) undoes it too.</summary>
    public bool UndoneByEarlierStep { get; init; }

    public IReadOnlyList<LintSuppression> Suppressions { get; init; } = [];

    public StepKind Kind { get; init; } = StepKind.Expand;

    public SourcePosition Position { get; init; } = SourcePosition.Start;

    public SourcePosition SqlPosition { get; init; } = SourcePosition.Start;

    public SourcePosition? RollbackPosition { get; init; }
}

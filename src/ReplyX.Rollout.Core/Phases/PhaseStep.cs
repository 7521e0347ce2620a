using ReplyX.Rollout.Core.Diagnostics;

namespace ReplyX.Rollout.Core.Phases;

/// <summary>One SQL change of a phase and the way back from it.</summary>
public sealed record PhaseStep
{
    public required string Name { get; init; }

    public required string Sql { get; init; }

    /// <summary>The SQL that undoes this step; null only when <see cref="IrreversibleReason"/> says why.</summary>
    public string? Rollback { get; init; }

    public string? IrreversibleReason { get; init; }

    /// <summary>lock_timeout for this step's statements; null leaves the server's (no timeout).</summary>
    public TimeSpan? LockTimeout { get; init; }

    public TimeSpan? StatementTimeout { get; init; }

    public int Retries { get; init; }

    /// <summary>True or false when the file says so; null lets the controller decide from the SQL.</summary>
    public bool? Transactional { get; init; }

    public IReadOnlyList<LintSuppression> Suppressions { get; init; } = [];

    public StepKind Kind { get; init; } = StepKind.Expand;

    public SourcePosition Position { get; init; } = SourcePosition.Start;

    public SourcePosition SqlPosition { get; init; } = SourcePosition.Start;

    public SourcePosition? RollbackPosition { get; init; }
}

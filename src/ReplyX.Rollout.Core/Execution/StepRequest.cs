using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Execution;

/// <summary>One step to apply (or roll back) against the target database, identified within its run.</summary>
public sealed record StepRequest(Guid RunId, string Kind, int Ordinal, string Name, string Sql, TimeSpan? LockTimeout, TimeSpan? StatementTimeout, int Retries, bool? Transactional)
{
    public const string ExpandKind = "expand";
    public const string ContractKind = "contract";
    public const string RollbackKind = "rollback";

    /// <summary>
    /// Statements (by their index in the step's SQL) not to run: creations of objects the step adopts, or rollback
    /// statements that would touch an object the run does not own. The step still claims its journal row.
    /// </summary>
    public IReadOnlySet<int> Skip { get; init; } = new HashSet<int>();

    /// <summary>Set when the step is a backfill: <see cref="Sql"/> is then its batch statement, walked in keyset batches.</summary>
    public BackfillSpec? Backfill { get; init; }

    public static StepRequest Apply(Guid runId, PhaseStep step, int ordinal) =>
        new(runId, step.Kind == StepKind.Contract ? ContractKind : ExpandKind, ordinal, step.Name, step.Sql, step.LockTimeout, step.StatementTimeout, step.Retries, step.Transactional)
        {
            Backfill = step.Backfill,
        };

    public static StepRequest Undo(Guid runId, PhaseStep step, int ordinal) =>
        new(runId, RollbackKind, ordinal, "rollback: " + step.Name, step.Rollback!, step.LockTimeout, step.StatementTimeout, Math.Max(step.Retries, 3), step.Transactional);
}

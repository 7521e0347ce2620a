using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Core.Execution;

/// <summary>One step to apply (or roll back) against the target database, identified within its run.</summary>
public sealed record StepRequest(Guid RunId, string Kind, int Ordinal, string Name, string Sql, TimeSpan? LockTimeout, TimeSpan? StatementTimeout, int Retries, bool? Transactional)
{
    public static StepRequest Apply(Guid runId, PhaseStep step, int ordinal) =>
        new(runId, step.Kind == StepKind.Contract ? "contract" : "expand", ordinal, step.Name, step.Sql, step.LockTimeout, step.StatementTimeout, step.Retries, step.Transactional);

    public static StepRequest Undo(Guid runId, PhaseStep step, int ordinal) =>
        new(runId, "rollback", ordinal, "rollback: " + step.Name, step.Rollback!, step.LockTimeout, step.StatementTimeout, Math.Max(step.Retries, 3), step.Transactional);
}

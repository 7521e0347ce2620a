using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Lint;
using ReplyX.Rollout.Core.Ownership;
using ReplyX.Rollout.Core.Postgres;

namespace ReplyX.Rollout.Controller.Steps;

/// <summary>
/// Decides, before a step runs, what it may touch: for an expand or contract step, which of the objects it creates
/// already exist (adopted when identical, refused when not), recorded once; for a rollback, which statements would
/// drop, alter, rename or write an object that existed before the run (skipped, with the reason).
/// </summary>
public sealed class StepOwnership(OwnershipLedger ledger, RolloutTarget target)
{
    public async Task<OwnershipPlan> PlanAsync(StepRequest request, CancellationToken cancellationToken)
    {
        var statements = SqlStatement.Split(request.Sql);
        var objects = await ledger.ObjectsAsync(request.RunId, cancellationToken);
        var probe = new ObjectProbe(target.ConnectionString);
        if (request.Kind == StepRequest.RollbackKind)
        {
            var unknown = OwnershipRules.UnknownInUndo(statements, objects);
            var now = unknown.Count == 0 ? [] : (await probe.InspectAsync(unknown, cancellationToken)).References;
            return OwnershipRules.PlanUndo(statements, objects, now);
        }

        if (await ledger.StepPlanAsync(request.RunId, request.Kind, request.Ordinal, cancellationToken) is { } recorded)
        {
            return recorded;
        }

        var found = await probe.InspectAsync(OwnershipRules.ToProbe(statements, objects), cancellationToken);
        var (plan, added) = OwnershipRules.PlanApply(statements, objects, found, request.Ordinal, request.Kind);
        await ledger.RecordAsync(request.RunId, request.Kind, request.Ordinal, plan, added, cancellationToken);
        return plan;
    }
}

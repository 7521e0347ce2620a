using System.Text.Json;
using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Steps;
using ReplyX.Rollout.Controller.Verdicts;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Rollback;

/// <summary>
/// RollingBack (level 2): every started step's rollback, one per pass, in reverse order, after the flag drain; an
/// irreversible step is left in place and said so; a failed undo fails the run for a human (restore is available).
/// </summary>
public sealed class RollbackReconciler(RolloutStore store, RunTransitions transitions, StepRunner steps, CriteriaVerdicts criteria, TimeProvider time, IOptions<ControllerOptions> options)
{
    public async Task ReconcileAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        var recorded = await store.StepsAsync(run.Id, cancellationToken);
        // The flag went to 0% with the move here; requests still on the treatment path finish before the first undo.
        if (!recorded.Any(s => s.Kind == StepRequest.RollbackKind) && time.GetUtcNow() - run.StateEnteredAt < options.Value.FlagDrain)
        {
            return;
        }

        var undone = recorded.Where(s => s.Kind == StepRequest.RollbackKind && s.Status == RunStep.Succeeded).Select(s => s.Ordinal).ToHashSet();
        var all = phase.AllSteps.ToList();
        foreach (var started in recorded.Where(s => s.Kind is StepRequest.ExpandKind or StepRequest.ContractKind && s.Status != RunStep.Pending).OrderByDescending(s => s.Ordinal))
        {
            if (undone.Contains(started.Ordinal))
            {
                continue;
            }

            var step = all[started.Ordinal - 1];
            if (step.Rollback is null)
            {
                var why = step.UndoneByEarlierStep
                    ? $"step '{step.Name}' fills columns an earlier step added; that step's rollback removes them"
                    : $"step '{step.Name}' is irreversible ({step.IrreversibleReason}); left in place";
                await store.SaveStepAsync(run.Id, new RunStep(StepRequest.RollbackKind, started.Ordinal, "rollback: " + step.Name, RunStep.Succeeded, 0, time.GetUtcNow(), time.GetUtcNow(),
                    JsonSerializer.Serialize(new { skipped = true, irreversible = step.IrreversibleReason, undoneByEarlierStep = step.UndoneByEarlierStep }, RolloutStore.Json)), cancellationToken);
                await store.RecordEventAsync(run.Id, "rollback-skipped", why, null, cancellationToken);
                return;
            }

            var outcome = await steps.RunAsync(run, StepRequest.Undo(run.Id, step, started.Ordinal), cancellationToken);
            if (!outcome.Succeeded)
            {
                await transitions.MoveAsync(run, RolloutState.Failed, $"rollback of '{step.Name}' failed: {outcome.Error}; a human must finish it (restore is available)", outcome, null, cancellationToken);
            }

            return;
        }

        // What was measurable before the rollback is recorded too: the report shows how far the phase got.
        var (results, evidence) = await criteria.JudgeAsync(run, phase, checkDelivery: false, cancellationToken);
        var rolledBack = await transitions.MoveAsync(run, RolloutState.RolledBack, $"every applied step rolled back in reverse order ({undone.Count} step(s))", null,
            r => CriteriaVerdicts.Record(r with { Percentage = 0 }, results, evidence), cancellationToken);
        if (rolledBack is not null)
        {
            await criteria.RecordEventAsync(rolledBack, results, "at rollback", cancellationToken);
        }
    }
}

using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Verdicts;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Steps;

/// <summary>
/// Contracting: one contract step per pass, after 100% has baked. A failure fails the run: every user is already on
/// the new path, so a human decides what to do with what the phase superseded.
/// </summary>
public sealed class ContractReconciler(RolloutStore store, RunTransitions transitions, StepRunner steps, CriteriaVerdicts criteria)
{
    public async Task ReconcileAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        var done = (await store.StepsAsync(run.Id, cancellationToken)).Where(s => s.Kind == StepRequest.ContractKind && s.Status == RunStep.Succeeded).Select(s => s.Ordinal).ToHashSet();
        for (var i = 0; i < phase.Contract.Count; i++)
        {
            var ordinal = phase.Steps.Count + i + 1;
            if (done.Contains(ordinal))
            {
                continue;
            }

            var outcome = await steps.RunAsync(run, StepRequest.Apply(run.Id, phase.Contract[i], ordinal), phase, cancellationToken);
            if (!outcome.Succeeded)
            {
                await transitions.MoveAsync(run, RolloutState.Failed, $"contract step '{phase.Contract[i].Name}' failed: {outcome.Error}; the expand changes stay live", outcome, null, cancellationToken);
            }

            return;
        }

        // The final record: the contract steps' lock waits join what was judged before contracting.
        var (results, evidence) = await criteria.JudgeAsync(run, phase, checkDelivery: false, cancellationToken);
        var completed = await transitions.MoveAsync(run, RolloutState.Completed, results.Count == 0 ? "phase completed" : "phase completed; success criteria: " + CriteriaVerdicts.Summary(results), results,
            r => CriteriaVerdicts.Record(r, results, evidence), cancellationToken);
        if (completed is not null)
        {
            await criteria.RecordEventAsync(completed, results, "at completion", cancellationToken);
        }
    }
}

using ReplyX.Rollout.Controller.Preflight;
using ReplyX.Rollout.Controller.Ramp;
using ReplyX.Rollout.Controller.Requests;
using ReplyX.Rollout.Controller.Rollback;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Steps;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Controller.Telemetry;
using ReplyX.Rollout.Core.Postgres;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Engine;

/// <summary>
/// One reconcile pass over one run, like Argo's reconcile: look at the recorded state, let the part that owns that
/// state do its next unit of work (a transition, one step, one check), record it, return. Every unit is idempotent,
/// so a pass interrupted by a crash or a change of leader is simply done again by the next pass. A human's pause or
/// abort is looked at first (<see cref="RequestHandler"/>).
/// </summary>
public sealed class RolloutReconciler(
    RunPhases phases,
    RunTransitions transitions,
    RolloutTelemetry telemetry,
    RequestHandler requests,
    PreflightReconciler preflight,
    ApplyReconciler apply,
    RampReconciler ramp,
    ContractReconciler contract,
    RollbackReconciler rollback,
    TargetGuard target)
{
    public async Task ReconcileAsync(RolloutRun run, CancellationToken cancellationToken)
    {
        telemetry.Observe(run.Flag, run.Percentage, run.State);
        var (phase, problem) = phases.For(run);
        if (phase is null)
        {
            await transitions.MoveAsync(run, RolloutState.Failed, "the run's phase snapshot no longer parses: " + problem, null, null, cancellationToken, yieldToRequest: false);
            return;
        }

        try
        {
            // A run pinned its target at preflight: it never touches another database, not even to roll back.
            await target.EnsurePinnedAsync(run, cancellationToken);
            if (!await requests.HandleAsync(run, cancellationToken))
            {
                await DispatchAsync(run, phase, cancellationToken);
            }
        }
        catch (TargetMismatchException mismatch)
        {
            await transitions.MoveAsync(run, RolloutState.Failed, mismatch.Message + "; nothing was changed after the mismatch, a human decides",
                new { expected = mismatch.Expected, actual = mismatch.Actual }, null, cancellationToken, yieldToRequest: false);
        }
    }

    private async Task DispatchAsync(RolloutRun run, Core.Phases.PhaseDefinition phase, CancellationToken cancellationToken)
    {
        switch (run.State)
        {
            case RolloutState.Pending:
                await transitions.MoveAsync(run, RolloutState.Preflight, "starting preflight checks", null, null, cancellationToken);
                break;
            case RolloutState.Preflight:
                await preflight.ReconcileAsync(run, phase, cancellationToken);
                break;
            case RolloutState.Applying:
                await apply.ReconcileAsync(run, phase, cancellationToken);
                break;
            case RolloutState.Ramping:
                await ramp.ReconcileAsync(run, phase, cancellationToken);
                break;
            case RolloutState.Contracting:
                await contract.ReconcileAsync(run, phase, cancellationToken);
                break;
            case RolloutState.RollingBack:
                await rollback.ReconcileAsync(run, phase, cancellationToken);
                break;
        }
    }
}

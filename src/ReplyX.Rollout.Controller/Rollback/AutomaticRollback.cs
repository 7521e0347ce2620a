using System.Text.Json;
using ReplyX.Rollout.Controller.Alerts;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Phases;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Verdicts;
using ReplyX.Rollout.Core.Criteria;
using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Rollback;

/// <summary>
/// The one automatic-rollback path for a failed guardrail or gate: the flag to 0% in the same transaction as the
/// move to RollingBack (users are back on control at the workloads' next poll; the DDL rollback follows in the next
/// passes), then the risk alert naming what failed, with its readings.
/// </summary>
public sealed class AutomaticRollback(RolloutStore store, RunTransitions transitions, AlertPublisher alerts, PhaseCatalog catalog, TimeProvider time)
{
    public Task OnGuardrailAsync(RolloutRun run, PhaseDefinition phase, StageAnalysis analysis, CancellationToken cancellationToken)
    {
        var failed = analysis.Deciding!;
        var analysisJson = JsonSerializer.Serialize(analysis.Verdicts, RolloutStore.Json);
        return RollBackAsync(run, phase, failed.Risk,
            $"guardrail '{failed.Guardrail}' failed at {run.Percentage}%: {failed.Reason}",
            $"Phase {phase.Id} rolled back automatically at {run.Percentage}%: {failed.Guardrail} failed - {failed.Reason}",
            analysis.Verdicts, r => r with { Percentage = 0, AnalysisJson = analysisJson }, cancellationToken);
    }

    public Task OnGateAsync(RolloutRun run, PhaseDefinition phase, GateSpec gate, GateResult result, string when, CancellationToken cancellationToken) =>
        RollBackAsync(run, phase, gate.Risk,
            $"gate {gate.Type} failed {when}: {result.Detail}",
            $"Phase {phase.Id} rolled back automatically {when}: gate {gate.Type} failed - {result.Detail}",
            result.Readings, r => r with { Percentage = 0 }, cancellationToken);

    /// <summary>A required success criterion NotMet at the end of 100%: the phase rolls back before contracting.</summary>
    public Task OnCriteriaAsync(RolloutRun run, PhaseDefinition phase, IReadOnlyList<CriterionResult> results, CriterionEvidence evidence, CancellationToken cancellationToken)
    {
        var failed = results.Where(r => r.Required && r.Verdict == CriterionVerdict.NotMet).ToList();
        var what = string.Join("; ", failed.Select(r => $"'{r.Criterion}' ({r.Measure}) measured {r.Measured} against {r.Target}: {r.Reason}"));
        return RollBackAsync(run, phase, phase.Risks.FirstOrDefault() ?? "R003",
            $"required success criteria not met before contracting: {what}",
            $"Phase {phase.Id} rolled back at 100%: required success criteria not met - {what}",
            results, r => CriteriaVerdicts.Record(r, results, evidence) with { Percentage = 0 }, cancellationToken);
    }

    private async Task RollBackAsync(RolloutRun run, PhaseDefinition phase, string risk, string reason, string status, object readings, Func<RolloutRun, RolloutRun> change, CancellationToken cancellationToken)
    {
        var applied = (await store.StepsAsync(run.Id, cancellationToken)).Count(s => s.Kind is StepRequest.ExpandKind or StepRequest.ContractKind && s.Status != RunStep.Pending);
        var moved = await transitions.MoveAsync(run, RolloutState.RollingBack, reason, readings, change, cancellationToken);
        if (moved is null)
        {
            return;
        }

        var alert = RiskAlert.Create(catalog.Load().Risks, risk, status,
            [run.Percentage == 0 ? $"Flag {phase.Flag} never left 0%: no user was moved" : $"Flag {phase.Flag} set to 0%: every user is back on the control path",
             $"Rolling back {applied} applied step(s) in reverse order", "Readings recorded on run " + run.Id],
            time.GetUtcNow());
        await alerts.PublishAsync(moved, alert, readings, cancellationToken);
    }
}

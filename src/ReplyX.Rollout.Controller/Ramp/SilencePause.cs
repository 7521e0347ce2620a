using System.Text.Json;
using ReplyX.Rollout.Controller.Alerts;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Phases;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Ramp;

/// <summary>
/// A silent metrics channel, or a stage whose samples cannot arrive within <c>ramp.maxHold</c>, pauses the run where it
/// is (a rollout never advances blind) and raises the R008 alert.
/// </summary>
public sealed class SilencePause(RunTransitions transitions, AlertPublisher alerts, PhaseCatalog catalog, TimeProvider time)
{
    public async Task PauseAsync(RolloutRun run, StageAnalysis analysis, CancellationToken cancellationToken)
    {
        var silent = analysis.Deciding!;
        var moved = await transitions.MoveAsync(run, RolloutState.Paused,
            $"paused at {run.Percentage}%: {silent.Reason}; a rollout never advances blind", analysis.Verdicts,
            r => r with { PausedFrom = RolloutState.Ramping, AnalysisJson = JsonSerializer.Serialize(analysis.Verdicts, RolloutStore.Json) }, cancellationToken);
        if (moved is null)
        {
            return;
        }

        var alert = RiskAlert.Create(catalog.Load().Risks, silent.Risk,
            $"Rollout of {run.PhaseId} paused at {run.Percentage}%: {silent.Reason}",
            silent.Guardrail == StageAnalyzer.VerdictTime
                ? ["Traffic held at its current share; nothing advances without enough evidence", "Raise the load or lower the phase's minSamples for the next run; resume to keep holding (the stage will not pause for time again), or abort"]
                : ["Traffic held at its current share; nothing advances without metrics", "Check the workload's OTLP export to the controller, then resume"],
            time.GetUtcNow());
        await alerts.PublishAsync(moved, alert, analysis.Verdicts, cancellationToken);
    }
}

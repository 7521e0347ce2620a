using System.Text.Json;
using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Gates;
using ReplyX.Rollout.Controller.Rollback;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Telemetry;
using ReplyX.Rollout.Controller.Verdicts;
using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Ramp;

/// <summary>
/// Ramping: the stage's guardrails read by <see cref="StageAnalyzer"/> (roll back on a failure, pause on silence,
/// hold while the verdict is not in), the approval a phase may ask for before 100%, the end-of-stage gates, then the
/// next stage, or Contracting after 100%.
/// </summary>
public sealed class RampReconciler(
    RolloutStore store,
    RunTransitions transitions,
    IMetricsSource metrics,
    GateRunner gates,
    AutomaticRollback rollback,
    SilencePause silence,
    CriteriaVerdicts criteria,
    RunLooks looks,
    TimeProvider time,
    IOptions<ControllerOptions> options)
{
    public async Task ReconcileAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        var bake = run.Overrides.Bake ?? phase.Ramp.Bake;
        var started = run.StageStartedAt ?? run.StateEnteredAt;
        var now = time.GetUtcNow();
        StageAnalysis? analysis = null;
        if (options.Value.GuardrailsEnabled)
        {
            var baseline = run.BaselineJson is null ? null : LatencyHistogram.FromSnapshot(JsonSerializer.Deserialize<HistogramSnapshot>(run.BaselineJson, RolloutStore.Json)!);
            analysis = StageAnalyzer.Analyze(metrics, phase, run.Percentage, baseline, started, now, bake, run.Overrides.MetricsSilence, options.Value.StageSettle,
                advanceOnEvidence: run.Overrides.AdvanceOnSamples != true);
            await looks.RecordAsync(run, phase, analysis, now, cancellationToken);
            switch (analysis.Decision)
            {
                case StageDecision.RollBack:
                    await rollback.OnGuardrailAsync(run, phase, analysis, cancellationToken);
                    return;
                case StageDecision.Pause when analysis.Deciding?.Guardrail == StageAnalyzer.VerdictTime && run.Marks.VerdictTimePausedStage == run.StageIndex:
                    // A human resumed this stage after it paused for time: it holds on, still saying when.
                    await ReportHoldAsync(run, analysis, now, now - started >= bake, cancellationToken);
                    return;
                case StageDecision.Pause:
                    if (analysis.Deciding?.Guardrail == StageAnalyzer.VerdictTime)
                    {
                        await store.MarkAsync(run.Id, m => m with { VerdictTimePausedStage = run.StageIndex }, cancellationToken);
                    }

                    await silence.PauseAsync(run, analysis, cancellationToken);
                    return;
                case StageDecision.Hold:
                    await ReportHoldAsync(run, analysis, now, now - started >= bake, cancellationToken);
                    return;
            }
        }
        else if (now - started < bake)
        {
            return;
        }

        var next = run.StageIndex + 1;
        if (next == phase.Ramp.Stages.Count - 1 && phase.Ramp.ApproveBeforeFull && run.ApprovedAt is null)
        {
            if (!run.AwaitingApproval)
            {
                await store.UpdateAsync(run.Id, r => r with { AwaitingApproval = true }, "approval-required",
                    $"{run.Percentage}% has baked; waiting for a human to approve {phase.Ramp.Stages[next]}%", null, cancellationToken);
            }

            return;
        }

        if (await gates.RunAsync(run, phase, GateMoment.EachStage, $"end of {run.Percentage}%", cancellationToken) is { } gateFailure)
        {
            await rollback.OnGateAsync(run, phase, gateFailure.Gate, gateFailure.Result, $"at {run.Percentage}%", cancellationToken);
            return;
        }

        await AdvanceAsync(run, phase, analysis, bake, started, cancellationToken);
    }

    /// <summary>
    /// Keeps the hold's estimate on the run (every <see cref="HoldRefresh"/>, for the API, the CLI and the report) and,
    /// once the stage has baked, says in an event that it holds and until when.
    /// </summary>
    private async Task ReportHoldAsync(RolloutRun run, StageAnalysis analysis, DateTimeOffset now, bool baked, CancellationToken cancellationToken)
    {
        var estimate = analysis.Estimate;
        var report = baked && run.Marks.HoldReportedStage != run.StageIndex;
        var refresh = estimate is not null && (run.Marks.HoldStage != run.StageIndex || run.Marks.HoldAt is not { } at || now - at >= HoldRefresh);
        if (!report && !refresh)
        {
            return;
        }

        await store.MarkAsync(run.Id, m => (refresh ? m with { Holding = estimate!.Text, VerdictEta = now + estimate.Eta, HoldStage = run.StageIndex, HoldAt = now } : m)
            with { HoldReportedStage = report ? run.StageIndex : m.HoldReportedStage }, cancellationToken);
        if (report)
        {
            await store.RecordEventAsync(run.Id, "holding",
                $"{run.Percentage}% has baked but the verdict is not in yet; {estimate?.Text ?? "holding the stage"}: {analysis.Summary}",
                new { verdicts = analysis.Verdicts, etaSeconds = estimate?.Eta?.TotalSeconds }, cancellationToken);
        }
    }

    /// <summary>How often a holding stage's estimate is rewritten on the run.</summary>
    public static readonly TimeSpan HoldRefresh = TimeSpan.FromSeconds(5);

    private async Task AdvanceAsync(RolloutRun run, PhaseDefinition phase, StageAnalysis? analysis, TimeSpan bake, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var verdicts = analysis is null ? "guardrails off (no workload metrics configured)" : analysis.Summary;
        using (var span = RolloutTelemetry.StartRunSpan($"stage {run.Percentage}%", run.TraceParent, started))
        {
            span?.SetTag("replyx.stage.percentage", run.Percentage);
            span?.SetTag("replyx.stage.bake_seconds", bake.TotalSeconds);
            span?.SetTag("replyx.stage.verdicts", verdicts);
        }

        var readings = new { bakeSeconds = bake.TotalSeconds, verdicts = analysis?.Verdicts };
        var analysisJson = analysis is null ? null : JsonSerializer.Serialize(analysis.Verdicts, RolloutStore.Json);
        var next = run.StageIndex + 1;
        if (next < phase.Ramp.Stages.Count)
        {
            // The next stage starts when its flag moves: after the end-of-stage gates, which take seconds (golden
            // queries) to minutes (a capacity run). Starting it at the pass's first clock read would judge the next
            // percentage on the gates' own load and on whatever happened while the previous percentage was served.
            var percentage = phase.Ramp.Stages[next];
            await transitions.MoveAsync(run, RolloutState.Ramping, $"{run.Percentage}% baked for {Durations.Format(bake)} with every guardrail passing; moving to {percentage}%", readings,
                r => r with { StageIndex = next, Percentage = percentage, StageStartedAt = time.GetUtcNow(), AwaitingApproval = false, AnalysisJson = analysisJson }, cancellationToken);
        }
        else
        {
            // The phase's own success criteria are judged while 100% is still served; a required one NotMet stops it here.
            var (results, evidence) = await criteria.JudgeAsync(run, phase, checkDelivery: true, cancellationToken);
            if (results.Any(r => r.Required && r.Verdict == Core.Criteria.CriterionVerdict.NotMet))
            {
                await rollback.OnCriteriaAsync(run, phase, results, evidence, cancellationToken);
                return;
            }

            var moved = await transitions.MoveAsync(run, RolloutState.Contracting, $"100% baked for {Durations.Format(bake)} with every guardrail passing; running {phase.Contract.Count} contract step(s)", readings,
                r => CriteriaVerdicts.Record(r with { AnalysisJson = analysisJson }, results, evidence), cancellationToken);
            if (moved is not null)
            {
                await criteria.RecordEventAsync(moved, results, "before contracting", cancellationToken);
            }
        }
    }
}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ReplyX.Rollout.Controller.Alerts;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Core.Analysis;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Diagnostics;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Core.Persistence;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Engine;

/// <summary>
/// One reconcile pass over one run: look at the recorded state, do the next unit of work (a transition, one
/// step, one check), record it, return. Every unit is idempotent, so a pass interrupted by a crash is simply
/// done again by the next leader.
/// </summary>
public sealed partial class RolloutReconciler(
    RolloutStore store,
    RolloutTarget target,
    RolloutTelemetry telemetry,
    TimeProvider time,
    IOptions<ControllerOptions> options,
    IHostEnvironment environment,
    ILogger<RolloutReconciler> logger,
    ILogger<SqlMigrator> migratorLogger,
    IMetricsSource metrics,
    AlertPublisher alerts,
    PhaseCatalog catalog,
    Gates.GateRunner gates,
    Steps.StepRunner stepRunner)
{
    private readonly HashSet<(Guid Run, int Stage)> _holdReported = [];
    private readonly Dictionary<Guid, DateTimeOffset> _settling = [];
    // Runs whose steps are verified and whose before-traffic gates passed, waiting to settle (in memory: after a
    // restart or a leader change the checks and gates simply run again).
    private readonly Dictionary<Guid, IntegrityReport> _readyForTraffic = [];

    public async Task ReconcileAsync(RolloutRun run, CancellationToken cancellationToken)
    {
        telemetry.Observe(run.Flag, run.Percentage, run.State);
        var diagnostics = new DiagnosticBag();
        var phase = PhaseParser.Parse($"{run.PhaseId}.yaml", run.PhaseYaml, diagnostics);
        if (phase is null || diagnostics.HasErrors)
        {
            await MoveAsync(run, RolloutState.Failed, "the run's phase snapshot no longer parses: " + string.Join("; ", diagnostics.Items), null, null, cancellationToken);
            return;
        }

        if (await HandleRequestAsync(run, cancellationToken))
        {
            return;
        }

        switch (run.State)
        {
            case RolloutState.Pending:
                await MoveAsync(run, RolloutState.Preflight, "starting preflight checks", null, null, cancellationToken);
                break;
            case RolloutState.Preflight:
                await PreflightAsync(run, phase, cancellationToken);
                break;
            case RolloutState.Applying:
                await ApplyAsync(run, phase, cancellationToken);
                break;
            case RolloutState.Ramping:
                await RampAsync(run, phase, cancellationToken);
                break;
            case RolloutState.Contracting:
                await ContractAsync(run, phase, cancellationToken);
                break;
            case RolloutState.RollingBack:
                await RollBackAsync(run, phase, cancellationToken);
                break;
        }
    }

    private async Task<bool> HandleRequestAsync(RolloutRun run, CancellationToken cancellationToken)
    {
        switch (run.RequestedAction)
        {
            case "pause" when run.State.IsActive() && run.State != RolloutState.RollingBack:
                await MoveAsync(run, RolloutState.Paused, $"paused by request while {run.State}", null,
                    r => r with { PausedFrom = r.State, RequestedAction = null }, cancellationToken);
                return true;
            case "abort" when run.State is RolloutState.Pending or RolloutState.Preflight:
                await MoveAsync(run, RolloutState.RolledBack, "aborted by request before any change", null, r => r with { RequestedAction = null, Percentage = 0 }, cancellationToken);
                return true;
            case "abort" when run.State is RolloutState.Applying or RolloutState.Ramping:
                await MoveAsync(run, RolloutState.RollingBack, $"aborted by request while {run.State}", null, r => r with { RequestedAction = null, Percentage = 0 }, cancellationToken);
                return true;
            case not null when run.State.IsTerminal() || run.State == RolloutState.RollingBack:
                await store.UpdateAsync(run.Id, r => r with { RequestedAction = null }, "request-dropped", $"'{run.RequestedAction}' arrived while {run.State}; nothing to do", null, cancellationToken);
                return true;
            default:
                return false;
        }
    }

    private async Task PreflightAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        using var span = RolloutTelemetry.StartRunSpan("preflight", run.TraceParent);
        span?.SetTag("replyx.phase", phase.Id);

        // The baseline is the traffic before any DDL: an index changes plans for everyone, control included.
        string? baselineJson = null;
        if (options.Value.GuardrailsEnabled)
        {
            var now = time.GetUtcNow();
            var baseline = metrics.AllTraffic(now - options.Value.BaselineWindow, now);
            // A baseline thinner than the guardrail's sample floor could never give a verdict: the stage would hold forever.
            var enough = baseline.Count >= phase.Guardrails.LatencyP95.MinSamples;
            baselineJson = enough ? JsonSerializer.Serialize(baseline.Histogram.ToSnapshot(), RolloutStore.Json) : null;
            await store.RecordEventAsync(run.Id, "baseline",
                enough
                    ? $"baseline: {baseline.Count} requests in the last {Durations.Format(options.Value.BaselineWindow)}, p95 {baseline.Histogram.Quantile(0.95) * 1000:F1} ms"
                    : $"only {baseline.Count} requests in the last {Durations.Format(options.Value.BaselineWindow)} (fewer than {phase.Guardrails.LatencyP95.MinSamples}): the all-traffic-vs-baseline guardrail is off for this run",
                new { requests = baseline.Count, p95Ms = (baseline.Histogram.Quantile(0.95) ?? 0) * 1000 }, cancellationToken);
        }
        await using (var targetSource = NpgsqlDataSource.Create(target.ConnectionString))
        {
            await TargetJournal.EnsureAsync(targetSource, migratorLogger, cancellationToken);
        }

        var backupsDirectory = options.Value.BackupsDirectory ?? Path.Combine(environment.ContentRootPath, "backups");
        var runner = new PreflightRunner(target.ConnectionString, new BackupVerifier(new PostgresTools(options.Value.PgBinDirectory), time), backupsDirectory);
        var results = new List<PreflightCheckResult>
        {
            await runner.OldTransactionsAsync(phase, cancellationToken),
            await runner.DuplicatesAsync(phase, cancellationToken),
            await runner.DiskAsync(phase, run.TouchedTables, cancellationToken),
        };

        foreach (var result in results)
        {
            span?.AddEvent(new ActivityEvent($"check {result.Check}: {(result.Passed ? "passed" : "FAILED")}", tags: new ActivityTagsCollection { ["detail"] = result.Detail }));
            await store.RecordEventAsync(run.Id, "preflight-check", $"{result.Check}: {(result.Passed ? "passed" : "failed")} - {result.Detail}", result.Readings, cancellationToken);
        }

        if (results.All(r => r.Passed) && await gates.RunAsync(run, phase, GateMoment.BeforeChanges, "preflight", cancellationToken) is { } gateFailure)
        {
            span?.SetStatus(ActivityStatusCode.Error, gateFailure.Result.Detail);
            await MoveAsync(run, RolloutState.Failed, $"gate {gateFailure.Gate.Type} failed: {gateFailure.Result.Detail}; nothing was changed", gateFailure.Result.Readings, null, cancellationToken);
            return;
        }

        var reported = results.Count;
        BackupReport? backup = null;
        if (results.All(r => r.Passed))
        {
            var (result, report) = await runner.BackupAsync(phase, $"{phase.Id}-{run.Id:N}", cancellationToken);
            results.Add(result);
            backup = report;
        }

        foreach (var result in results.Skip(reported))
        {
            span?.AddEvent(new ActivityEvent($"check {result.Check}: {(result.Passed ? "passed" : "FAILED")}", tags: new ActivityTagsCollection { ["detail"] = result.Detail }));
            await store.RecordEventAsync(run.Id, "preflight-check", $"{result.Check}: {(result.Passed ? "passed" : "failed")} - {result.Detail}", result.Readings, cancellationToken);
        }

        if (results.FirstOrDefault(r => !r.Passed) is { } failed)
        {
            span?.SetStatus(ActivityStatusCode.Error, failed.Detail);
            await MoveAsync(run, RolloutState.Failed, $"preflight {failed.Check} failed: {failed.Detail}; nothing was changed", failed.Readings, null, cancellationToken);
            return;
        }

        var before = await new IntegrityChecker(target.ConnectionString).CountAsync(run.TouchedTables, cancellationToken);
        await MoveAsync(run, RolloutState.Applying, "preflight passed", new { checks = results.Select(r => new { r.Check, r.Detail }), rowCounts = before },
            r => r with
            {
                BackupJson = backup is null ? null : JsonSerializer.Serialize(new { backup.Path, backup.Bytes, backup.Verified, dumpSeconds = backup.DumpDuration.TotalSeconds, restoreSeconds = backup.RestoreDuration.TotalSeconds, backup.Tables }, RolloutStore.Json),
                RowCountsBeforeJson = JsonSerializer.Serialize(before, RolloutStore.Json),
                BaselineJson = baselineJson,
            },
            cancellationToken);
    }

    private async Task ApplyAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        var steps = await store.StepsAsync(run.Id, cancellationToken);
        if (!steps.Any(s => s.Kind == "expand") && !await SettledAsync(run, phase, "before the first step", "applying the steps anyway", cancellationToken))
        {
            return;
        }

        var done = steps.Where(s => s.Kind == "expand" && s.Status == RunStep.Succeeded).Select(s => s.Ordinal).ToHashSet();
        for (var i = 0; i < phase.Steps.Count; i++)
        {
            if (done.Contains(i + 1))
            {
                continue;
            }

            var outcome = await stepRunner.RunAsync(run, StepRequest.Apply(run.Id, phase.Steps[i], i + 1), cancellationToken);
            if (!outcome.Succeeded)
            {
                await MoveAsync(run, RolloutState.RollingBack, $"step '{phase.Steps[i].Name}' failed: {outcome.Error}", outcome, r => r with { Percentage = 0 }, cancellationToken);
            }

            return;
        }

        if (!_readyForTraffic.TryGetValue(run.Id, out var verified))
        {
            var problems = await IntegrityProblemsAsync(run, cancellationToken);
            if (problems.Problems.Count > 0)
            {
                await MoveAsync(run, RolloutState.RollingBack, "integrity check failed after the steps: " + string.Join("; ", problems.Problems), problems, r => r with { Percentage = 0 }, cancellationToken);
                return;
            }

            // Gates that need the changes in place run before the first user is moved: a failure rolls back with the flag still at 0%.
            if (await gates.RunAsync(run, phase, GateMoment.BeforeTraffic, "before traffic", cancellationToken) is { } gateFailure)
            {
                await RollBackOnGateAsync(run, phase, gateFailure.Gate, gateFailure.Result, "before any user was moved", cancellationToken);
                return;
            }

            _readyForTraffic[run.Id] = verified = problems;
        }

        // The steps and the gates' own load (a capacity run, the golden queries) disturb the server for a while; the
        // first stage is judged against the pre-phase baseline, so it starts once all traffic is back to it.
        if (!await SettledAsync(run, phase, "before the first stage", "moving the first users anyway", cancellationToken))
        {
            return;
        }

        _readyForTraffic.Remove(run.Id);
        var first = phase.Ramp.Stages[0];
        await MoveAsync(run, RolloutState.Ramping, $"steps applied and verified (row counts, foreign keys); ramping to {first}%", verified,
            r => r with { StageIndex = 0, Percentage = first, StageStartedAt = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary>
    /// Before the first step and before the first stage: is all traffic back to its baseline (after preflight; after
    /// the steps and the gates)? A change applied to, or a stage judged on, a disturbed system would be compared with
    /// a baseline it no longer resembles. Waits up to SettleTimeout from the first unsettled look, then proceeds.
    /// </summary>
    private async Task<bool> SettledAsync(RolloutRun run, PhaseDefinition phase, string before, string proceeding, CancellationToken cancellationToken)
    {
        if (!options.Value.GuardrailsEnabled || run.BaselineJson is null)
        {
            return true;
        }

        var now = time.GetUtcNow();
        var baseline = LatencyHistogram.FromSnapshot(JsonSerializer.Deserialize<HistogramSnapshot>(run.BaselineJson, RolloutStore.Json)!).Quantile(0.95) ?? 0;
        var look = SettleCheck.Look(metrics, baseline, now, phase.Guardrails.LatencyP95);
        if (look.Settled)
        {
            if (_settling.Remove(run.Id))
            {
                await store.RecordEventAsync(run.Id, "settled", $"all traffic back to its baseline {before}: {look.Describe()} over the last {SettleCheck.Window.TotalSeconds:F0} s", null, cancellationToken);
            }

            return true;
        }

        if (!_settling.TryGetValue(run.Id, out var since))
        {
            _settling[run.Id] = now;
            await store.RecordEventAsync(run.Id, "settling", $"waiting for all traffic to return to its baseline {before}: {look.Describe()} (+{look.Tolerated * 100:F0}% allowed)", null, cancellationToken);
            return false;
        }

        if (now - since > options.Value.SettleTimeout)
        {
            // A system that stays off its baseline is not made safer by waiting longer: the stages' baseline
            // guardrail judges it, and the run says what it saw.
            _settling.Remove(run.Id);
            await store.RecordEventAsync(run.Id, "not-settled",
                $"all traffic still above its baseline {Durations.Format(options.Value.SettleTimeout)} after the wait began ({look.Describe()}); {proceeding}, the baseline guardrail judges the stages",
                new { p95Ms = look.P95 * 1000, baselineP95Ms = baseline * 1000 }, cancellationToken);
            return true;
        }

        return false;
    }

    private async Task RampAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        var bake = run.Overrides.Bake ?? phase.Ramp.Bake;
        var started = run.StageStartedAt ?? run.StateEnteredAt;
        var now = time.GetUtcNow();
        StageAnalysis? analysis = null;
        if (options.Value.GuardrailsEnabled)
        {
            var baseline = run.BaselineJson is null ? null : LatencyHistogram.FromSnapshot(JsonSerializer.Deserialize<HistogramSnapshot>(run.BaselineJson, RolloutStore.Json)!);
            analysis = StageAnalyzer.Analyze(metrics, phase, run.Percentage, baseline, started, now, bake, run.Overrides.MetricsSilence, options.Value.StageSettle);
            switch (analysis.Decision)
            {
                case StageDecision.RollBack:
                    await RollBackOnGuardrailAsync(run, phase, analysis, cancellationToken);
                    return;
                case StageDecision.Pause:
                    await PauseOnSilenceAsync(run, analysis, cancellationToken);
                    return;
                case StageDecision.Hold:
                    if (now - started >= bake && _holdReported.Add((run.Id, run.StageIndex)))
                    {
                        await store.RecordEventAsync(run.Id, "holding", $"{run.Percentage}% has baked but the verdict is not in yet; holding the stage: {analysis.Summary}", analysis.Verdicts, cancellationToken);
                    }

                    return;
            }
        }
        else if (now - started < bake)
        {
            return;
        }

        var next = run.StageIndex + 1;
        var last = next == phase.Ramp.Stages.Count - 1;
        if (next < phase.Ramp.Stages.Count && last && phase.Ramp.ApproveBeforeFull && run.ApprovedAt is null)
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
            await RollBackOnGateAsync(run, phase, gateFailure.Gate, gateFailure.Result, $"at {run.Percentage}%", cancellationToken);
            return;
        }

        var verdicts = analysis is null ? "guardrails off (no workload metrics configured)" : analysis.Summary;
        using (var span = RolloutTelemetry.StartRunSpan($"stage {run.Percentage}%", run.TraceParent, started))
        {
            span?.SetTag("replyx.stage.percentage", run.Percentage);
            span?.SetTag("replyx.stage.bake_seconds", bake.TotalSeconds);
            span?.SetTag("replyx.stage.verdicts", verdicts);
        }

        var readings = new { bakeSeconds = bake.TotalSeconds, verdicts = analysis?.Verdicts };
        var analysisJson = analysis is null ? null : JsonSerializer.Serialize(analysis.Verdicts, RolloutStore.Json);
        if (next < phase.Ramp.Stages.Count)
        {
            // The next stage starts when its flag moves: after the end-of-stage gates, which take seconds (golden
            // queries) to minutes (a capacity run). Starting it at this pass's 'now' would judge the next percentage
            // on the gates' own load and on whatever else happened while the previous percentage was still served.
            var percentage = phase.Ramp.Stages[next];
            await MoveAsync(run, RolloutState.Ramping, $"{run.Percentage}% baked for {Durations.Format(bake)} with every guardrail passing; moving to {percentage}%", readings,
                r => r with { StageIndex = next, Percentage = percentage, StageStartedAt = time.GetUtcNow(), AwaitingApproval = false, AnalysisJson = analysisJson }, cancellationToken);
        }
        else
        {
            await MoveAsync(run, RolloutState.Contracting, $"100% baked for {Durations.Format(bake)} with every guardrail passing; running {phase.Contract.Count} contract step(s)", readings,
                r => r with { AnalysisJson = analysisJson }, cancellationToken);
        }
    }

    private Task RollBackOnGuardrailAsync(RolloutRun run, PhaseDefinition phase, StageAnalysis analysis, CancellationToken cancellationToken)
    {
        var failed = analysis.Deciding!;
        var analysisJson = JsonSerializer.Serialize(analysis.Verdicts, RolloutStore.Json);
        return RollBackAutomaticallyAsync(run, phase, failed.Risk,
            $"guardrail '{failed.Guardrail}' failed at {run.Percentage}%: {failed.Reason}",
            $"Phase {phase.Id} rolled back automatically at {run.Percentage}%: {failed.Guardrail} failed - {failed.Reason}",
            analysis.Verdicts, r => r with { Percentage = 0, AnalysisJson = analysisJson }, cancellationToken);
    }

    private Task RollBackOnGateAsync(RolloutRun run, PhaseDefinition phase, GateSpec gate, GateResult result, string when, CancellationToken cancellationToken) =>
        RollBackAutomaticallyAsync(run, phase, gate.Risk,
            $"gate {gate.Type} failed {when}: {result.Detail}",
            $"Phase {phase.Id} rolled back automatically {when}: gate {gate.Type} failed - {result.Detail}",
            result.Readings, r => r with { Percentage = 0 }, cancellationToken);

    /// <summary>
    /// Flag to 0% in the same transaction as the move to RollingBack (the DDL rollback follows in the next passes),
    /// then the risk alert naming what failed.
    /// </summary>
    private async Task RollBackAutomaticallyAsync(RolloutRun run, PhaseDefinition phase, string risk, string reason, string status, object readings, Func<RolloutRun, RolloutRun> change, CancellationToken cancellationToken)
    {
        var applied = (await store.StepsAsync(run.Id, cancellationToken)).Count(s => s.Kind is "expand" or "contract" && s.Status != RunStep.Pending);
        var moved = await MoveAsync(run, RolloutState.RollingBack, reason, readings, change, cancellationToken);
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

    private async Task PauseOnSilenceAsync(RolloutRun run, StageAnalysis analysis, CancellationToken cancellationToken)
    {
        var silent = analysis.Deciding!;
        var moved = await MoveAsync(run, RolloutState.Paused,
            $"paused at {run.Percentage}%: {silent.Reason}; a rollout never advances blind", analysis.Verdicts,
            r => r with { PausedFrom = RolloutState.Ramping, AnalysisJson = JsonSerializer.Serialize(analysis.Verdicts, RolloutStore.Json) }, cancellationToken);
        if (moved is null)
        {
            return;
        }

        var alert = RiskAlert.Create(catalog.Load().Risks, silent.Risk,
            $"Rollout of {run.PhaseId} paused at {run.Percentage}%: {silent.Reason}",
            ["Traffic held at its current share; nothing advances without metrics", "Check the workload's OTLP export to the controller, then resume"],
            time.GetUtcNow());
        await alerts.PublishAsync(moved, alert, analysis.Verdicts, cancellationToken);
    }

    private async Task ContractAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        var done = (await store.StepsAsync(run.Id, cancellationToken)).Where(s => s.Kind == "contract" && s.Status == RunStep.Succeeded).Select(s => s.Ordinal).ToHashSet();
        for (var i = 0; i < phase.Contract.Count; i++)
        {
            var ordinal = phase.Steps.Count + i + 1;
            if (done.Contains(ordinal))
            {
                continue;
            }

            var outcome = await stepRunner.RunAsync(run, StepRequest.Apply(run.Id, phase.Contract[i], ordinal), cancellationToken);
            if (!outcome.Succeeded)
            {
                // Contract removes what the phase superseded; every user is already on the new path, so a human decides.
                await MoveAsync(run, RolloutState.Failed, $"contract step '{phase.Contract[i].Name}' failed: {outcome.Error}; the expand changes stay live", outcome, null, cancellationToken);
            }

            return;
        }

        await MoveAsync(run, RolloutState.Completed, "phase completed", null, null, cancellationToken);
    }

    private async Task RollBackAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        var steps = await store.StepsAsync(run.Id, cancellationToken);
        // The flag went to 0% with the move here; requests still on the treatment path finish before the first undo.
        if (!steps.Any(s => s.Kind == "rollback") && time.GetUtcNow() - run.StateEnteredAt < options.Value.FlagDrain)
        {
            return;
        }

        var undone = steps.Where(s => s.Kind == "rollback" && s.Status == RunStep.Succeeded).Select(s => s.Ordinal).ToHashSet();
        var all = phase.AllSteps.ToList();

        foreach (var started in steps.Where(s => s.Kind is "expand" or "contract" && s.Status != RunStep.Pending).OrderByDescending(s => s.Ordinal))
        {
            if (undone.Contains(started.Ordinal))
            {
                continue;
            }

            var step = all[started.Ordinal - 1];
            if (step.Rollback is null)
            {
                await store.SaveStepAsync(run.Id, new RunStep("rollback", started.Ordinal, "rollback: " + step.Name, RunStep.Succeeded, 0, time.GetUtcNow(), time.GetUtcNow(),
                    JsonSerializer.Serialize(new { skipped = true, irreversible = step.IrreversibleReason }, RolloutStore.Json)), cancellationToken);
                await store.RecordEventAsync(run.Id, "rollback-skipped", $"step '{step.Name}' is irreversible ({step.IrreversibleReason}); left in place", null, cancellationToken);
                return;
            }

            var outcome = await stepRunner.RunAsync(run, StepRequest.Undo(run.Id, step, started.Ordinal), cancellationToken);
            if (!outcome.Succeeded)
            {
                await MoveAsync(run, RolloutState.Failed, $"rollback of '{step.Name}' failed: {outcome.Error}; a human must finish it (restore is available)", outcome, null, cancellationToken);
            }

            return;
        }

        await MoveAsync(run, RolloutState.RolledBack, $"every applied step rolled back in reverse order ({undone.Count} step(s))", null, r => r with { Percentage = 0 }, cancellationToken);
    }

    private async Task<IntegrityReport> IntegrityProblemsAsync(RolloutRun run, CancellationToken cancellationToken)
    {
        var checker = new IntegrityChecker(target.ConnectionString);
        var after = await checker.CountAsync(run.TouchedTables, cancellationToken);
        var before = run.RowCountsBeforeJson is null ? [] : JsonSerializer.Deserialize<Dictionary<string, long>>(run.RowCountsBeforeJson, RolloutStore.Json) ?? [];
        var counts = after.Where(a => before.ContainsKey(a.Key)).ToDictionary(a => a.Key, a => (before[a.Key], a.Value));
        var violations = await checker.ForeignKeyViolationsAsync(after.Keys, cancellationToken);
        return new IntegrityReport(counts, violations);
    }

    /// <summary>Records a transition with its span, metrics and log line; null when another actor moved the run first.</summary>
    private async Task<RolloutRun?> MoveAsync(RolloutRun run, RolloutState to, string reason, object? readings, Func<RolloutRun, RolloutRun>? change, CancellationToken cancellationToken)
    {
        var moved = await store.TransitionAsync(run.Id, run.State, to, reason, readings, change, cancellationToken);
        if (moved is null)
        {
            return null;
        }

        using var span = RolloutTelemetry.StartRunSpan($"{run.State} -> {to}", run.TraceParent);
        span?.SetTag("replyx.reason", reason);
        span?.SetTag("replyx.percentage", moved.Percentage);
        if (to is RolloutState.Failed or RolloutState.RollingBack)
        {
            span?.SetStatus(ActivityStatusCode.Error, reason);
        }

        telemetry.Transitioned(run.PhaseId, run.State, to);
        telemetry.Observe(moved.Flag, moved.Percentage, moved.State);
        LogTransition(logger, run.Id, run.PhaseId, run.State, to, reason);
        return moved;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ({Phase}): {From} -> {To}: {Reason}")]
    private static partial void LogTransition(ILogger logger, Guid runId, string phase, RolloutState from, RolloutState to, string reason);

}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Engine;
using ReplyX.Rollout.Controller.Gates;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Controller.Telemetry;
using ReplyX.Rollout.Core.Execution;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Phases;
using ReplyX.Rollout.Core.Postgres;
using ReplyX.Rollout.Core.Rollouts;
using ReplyX.Rollout.Primitives.Migrations;

namespace ReplyX.Rollout.Controller.Preflight;

/// <summary>
/// Preflight, in one pass: the pre-phase baseline (all traffic before any DDL: an index changes plans for everyone,
/// control included), the checks (old transactions, duplicates, disk), the migration gates, then the verified
/// backup. Any failure fails the run with nothing changed; success moves it to Applying with the row counts.
/// </summary>
public sealed class PreflightReconciler(
    RolloutStore store,
    RunTransitions transitions,
    RolloutTarget target,
    IMetricsSource metrics,
    GateRunner gates,
    TimeProvider time,
    IOptions<ControllerOptions> options,
    IHostEnvironment environment,
    TargetGuard guard,
    IConfiguration configuration,
    ILogger<SqlMigrator> migratorLogger)
{
    public async Task ReconcileAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        using var span = RolloutTelemetry.StartRunSpan("preflight", run.TraceParent);
        span?.SetTag("replyx.phase", phase.Id);
        var identity = await guard.ReadAsync(cancellationToken);
        if (guard.Refusal(phase, identity) is { } wrong)
        {
            await transitions.MoveAsync(run, RolloutState.Failed, $"preflight target failed: {wrong} ({identity}); nothing was changed", new { target = identity }, null, cancellationToken);
            return;
        }

        await store.RecordEventAsync(run.Id, "target-pinned", $"target: {identity}; every later connection must reach this database", new { target = identity }, cancellationToken);

        var baselineJson = options.Value.GuardrailsEnabled ? await CaptureBaselineAsync(run, phase, cancellationToken) : null;
        var flagBaselineJson = options.Value.GuardrailsEnabled ? CaptureFlagBaseline(phase) : null;
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
        if (target.StandbyConnectionString is { } standby)
        {
            // Level 4 is only a recovery if the standby is there and current before anything changes.
            var status = await new StandbyInspector(target.ConnectionString, standby).ReadAsync(cancellationToken);
            results.Add(new PreflightCheckResult("standby", status.Ready(options.Value.MaxReplayLag), status.Describe(options.Value.MaxReplayLag),
                new Dictionary<string, object?> { ["streaming"] = status.Streaming, ["replayLagSeconds"] = status.ReplayLag?.TotalSeconds, ["lagBytes"] = status.LagBytes, ["maxReplayLagSeconds"] = options.Value.MaxReplayLag.TotalSeconds }));
        }
        if (phase.Preflight.Parity is { } parity)
        {
            results.Add(await ParityAsync(parity, cancellationToken));
        }

        await RecordAsync(run, span, results, cancellationToken);

        if (results.All(r => r.Passed) && await gates.RunAsync(run, phase, GateMoment.BeforeChanges, "preflight", cancellationToken) is { } gateFailure)
        {
            span?.SetStatus(ActivityStatusCode.Error, gateFailure.Result.Detail);
            await transitions.MoveAsync(run, RolloutState.Failed, $"gate {gateFailure.Gate.Type} failed: {gateFailure.Result.Detail}; nothing was changed", gateFailure.Result.Readings, null, cancellationToken);
            return;
        }

        BackupReport? backup = null;
        if (results.All(r => r.Passed))
        {
            // The dump holds a snapshot and ACCESS SHARE on every table until it ends: it runs last, alone (POSTGRES-FACTS).
            var (result, report) = await runner.BackupAsync(phase, $"{phase.Id}-{run.Id:N}", cancellationToken);
            results.Add(result);
            backup = report;
            await RecordAsync(run, span, [result], cancellationToken);
        }

        if (results.FirstOrDefault(r => !r.Passed) is { } failed)
        {
            span?.SetStatus(ActivityStatusCode.Error, failed.Detail);
            await transitions.MoveAsync(run, RolloutState.Failed, $"preflight {failed.Check} failed: {failed.Detail}; nothing was changed", failed.Readings, null, cancellationToken);
            return;
        }

        var before = await new IntegrityChecker(target.ConnectionString).CountAsync(run.TouchedTables, cancellationToken);
        await transitions.MoveAsync(run, RolloutState.Applying, "preflight passed", new { checks = results.Select(r => new { r.Check, r.Detail }), rowCounts = before },
            r => r with
            {
                BackupJson = backup is null ? null : JsonSerializer.Serialize(new { backup.Path, backup.Bytes, backup.Verified, dumpSeconds = backup.DumpDuration.TotalSeconds, restoreSeconds = backup.RestoreDuration.TotalSeconds, backup.Tables }, RolloutStore.Json),
                RowCountsBeforeJson = JsonSerializer.Serialize(before, RolloutStore.Json),
                BaselineJson = baselineJson,
                TargetIdentityJson = JsonSerializer.Serialize(identity, RolloutStore.Json),
                FlagBaselineJson = flagBaselineJson,
            },
            cancellationToken);
    }

    /// <summary>All traffic of the last BaselineWindow, or null (and an event saying the baseline guardrail is off) when too thin to judge by.</summary>
    private async Task<string?> CaptureBaselineAsync(RolloutRun run, PhaseDefinition phase, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = options.Value.BaselineWindow;
        var baseline = metrics.AllTraffic(now - window, now);
        // A baseline thinner than the guardrail's sample floor could never give a verdict: the stage would hold forever.
        var enough = baseline.Count >= phase.Guardrails.LatencyP95.MinSamples;
        await store.RecordEventAsync(run.Id, "baseline",
            enough
                ? $"baseline: {baseline.Count} requests in the last {Durations.Format(window)}, p95 {baseline.Histogram.Quantile(0.95) * 1000:F1} ms"
                : $"only {baseline.Count} requests in the last {Durations.Format(window)} (fewer than {phase.Guardrails.LatencyP95.MinSamples}): the all-traffic-vs-baseline guardrail is off for this run",
            new { requests = baseline.Count, p95Ms = (baseline.Histogram.Quantile(0.95) ?? 0) * 1000 }, cancellationToken);
        return enough ? JsonSerializer.Serialize(baseline.Histogram.ToSnapshot(), RolloutStore.Json) : null;
    }

    /// <summary>R013: the environment the phase was rehearsed on must have the target's schema; other drift is reported.</summary>
    private async Task<PreflightCheckResult> ParityAsync(string connectionName, CancellationToken cancellationToken)
    {
        if (configuration.GetConnectionString(connectionName) is not { } other)
        {
            return new PreflightCheckResult("parity", false, $"preflight.parity names '{connectionName}', and the controller has no ConnectionStrings:{connectionName}", new Dictionary<string, object?>());
        }

        var report = DriftReport.Compare(await EnvironmentProfile.ReadAsync(other, cancellationToken), await EnvironmentProfile.ReadAsync(target.ConnectionString, cancellationToken));
        var lines = report.Lines(connectionName, "target").ToList();
        return new PreflightCheckResult("parity", !report.SchemaDiffers,
            report.SchemaDiffers ? $"{report.Schema.Count} schema difference(s) from {connectionName} (R013): {string.Join("; ", lines.Take(5))}"
            : report.Identical ? $"same version, plan settings, schema and volumes as {connectionName}"
            : $"same schema as {connectionName}; {lines.Count} other difference(s): {string.Join("; ", lines.Take(5))}",
            new Dictionary<string, object?> { ["differences"] = lines });
    }

    /// <summary>
    /// The requests the phase's flag routes, before the phase (all of them on control at 0%): what the p95 success
    /// criterion compares the treatment with. A phase judged on all traffic takes all traffic.
    /// </summary>
    private string? CaptureFlagBaseline(PhaseDefinition phase)
    {
        var now = time.GetUtcNow();
        var from = now - options.Value.BaselineWindow;
        var window = phase.Guardrails.AllTraffic ? metrics.AllTraffic(from, now) : metrics.Window(phase.Flag, null, from, now);
        return window.Count == 0 ? null : JsonSerializer.Serialize(window.Histogram.ToSnapshot(), RolloutStore.Json);
    }

    private async Task RecordAsync(RolloutRun run, Activity? span, IEnumerable<PreflightCheckResult> results, CancellationToken cancellationToken)
    {
        foreach (var result in results)
        {
            span?.AddEvent(new ActivityEvent($"check {result.Check}: {(result.Passed ? "passed" : "FAILED")}", tags: new ActivityTagsCollection { ["detail"] = result.Detail }));
            await store.RecordEventAsync(run.Id, "preflight-check", $"{result.Check}: {(result.Passed ? "passed" : "failed")} - {result.Detail}", result.Readings, cancellationToken);
        }
    }
}

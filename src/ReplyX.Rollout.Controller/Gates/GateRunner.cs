using System.Diagnostics;
using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Phases;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Controller.Telemetry;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Migrations;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Controller.Gates;

/// <summary>
/// Runs a phase's gates for one moment of the run, in the order declared, each as a span and a <c>gate</c> event
/// with its readings; stops at the first failure and returns it (null when every gate passed or none applies).
/// </summary>
public sealed partial class GateRunner(
    RolloutTarget target,
    RolloutStore store,
    PhaseCatalog catalog,
    IMetricsSource metrics,
    ICapacityLoad load,
    TimeProvider time,
    ILogger<GateRunner> logger)
{
    public async Task<(GateSpec Gate, GateResult Result)?> RunAsync(RolloutRun run, PhaseDefinition phase, GateMoment moment, string where, CancellationToken cancellationToken)
    {
        foreach (var gate in phase.Gates.Where(g => GateCatalog.RunsAt(g, moment)))
        {
            using var span = RolloutTelemetry.StartRunSpan($"gate {gate.Type} ({where})", run.TraceParent);
            var started = time.GetTimestamp();
            GateResult result;
            try
            {
                result = await RunOneAsync(gate, run.Overrides, cancellationToken);
            }
            catch (Exception exception) when (exception is MigrationApplyException or DirectoryNotFoundException or Npgsql.NpgsqlException or InvalidOperationException)
            {
                result = GateResult.Fail(gate.Type, exception.Message);
            }

            var seconds = time.GetElapsedTime(started).TotalSeconds;
            span?.SetTag("replyx.gate.passed", result.Passed);
            span?.SetTag("replyx.gate.detail", result.Detail);
            foreach (var (key, value) in result.Readings)
            {
                span?.SetTag("replyx.gate." + key, value);
            }

            if (!result.Passed)
            {
                span?.SetStatus(ActivityStatusCode.Error, result.Detail);
            }

            var readings = new Dictionary<string, object?>(result.Readings) { ["gate"] = gate.Type, ["moment"] = where, ["seconds"] = Math.Round(seconds, 2) };
            await store.RecordEventAsync(run.Id, result.Passed ? "gate-passed" : "gate-failed", $"gate {gate.Type} ({where}) {(result.Passed ? "passed" : "FAILED")}: {result.Detail}", readings, cancellationToken);
            LogGate(logger, run.Id, gate.Type, where, result.Passed, result.Detail);
            if (!result.Passed)
            {
                return (gate, result);
            }
        }

        return null;
    }

    /// <summary>The gate types this runner can execute: every type in <see cref="GateCatalog"/> must have one.</summary>
    public IReadOnlyCollection<string> Types => Executors.Keys;

    private Dictionary<string, Func<GateSettings, RunOverrides, CancellationToken, Task<GateResult>>> Executors => field ??= new()
    {
        [GateCatalog.VectorRecall] = RecallAsync,
        [GateCatalog.Capacity] = CapacityAsync,
        [GateCatalog.MigrationsConflicts] = ConflictsAsync,
        [GateCatalog.MigrationsVerify] = VerifyAsync,
    };

    private Task<GateResult> RunOneAsync(GateSpec gate, RunOverrides overrides, CancellationToken cancellationToken) =>
        Executors.TryGetValue(gate.Type, out var execute)
            ? execute(new GateSettings(gate), overrides, cancellationToken)
            : Task.FromResult(GateResult.Fail(gate.Type, $"no runner for gate type '{gate.Type}'"));

    private async Task<GateResult> RecallAsync(GateSettings settings, RunOverrides overrides, CancellationToken cancellationToken)
    {
        var recall = VectorRecallOptions.Read(settings);
        settings.ThrowIfInvalid();
        return await new VectorRecallGate(target.ConnectionString, time).RunAsync(recall, cancellationToken);
    }

    private async Task<GateResult> CapacityAsync(GateSettings settings, RunOverrides overrides, CancellationToken cancellationToken)
    {
        var capacity = CapacityOptions.Read(settings);
        settings.ThrowIfInvalid();
        // The run says so in its overrides; the readings say how long and how fast the load really ran.
        capacity = capacity with { Duration = overrides.CapacityDuration ?? capacity.Duration, Rate = overrides.CapacityRate ?? capacity.Rate };
        return await new CapacityGate(load, metrics, time).RunAsync(capacity, cancellationToken);
    }

    private Task<GateResult> ConflictsAsync(GateSettings settings, RunOverrides overrides, CancellationToken cancellationToken)
    {
        var options = MigrationsConflictsOptions.Read(settings);
        settings.ThrowIfInvalid();
        var set = MigrationSet.Load(Path.Combine(catalog.Directory, options.Directory));
        var conflicts = ConflictDetector.Find(set);
        return Task.FromResult(new GateResult(GateCatalog.MigrationsConflicts, conflicts.Count == 0,
            conflicts.Count == 0
                ? $"{set.Migrations.Count} migration(s) in {options.Directory}, one head, no conflicts"
                : $"{conflicts.Count} conflict(s) in {options.Directory}: {string.Join("; ", conflicts)}",
            new Dictionary<string, object?> { ["migrations"] = set.Migrations.Count, ["heads"] = set.Heads().Count, ["conflicts"] = conflicts.Select(c => c.ToString()).ToList() }));
    }

    private async Task<GateResult> VerifyAsync(GateSettings settings, RunOverrides overrides, CancellationToken cancellationToken)
    {
        var verify = MigrationsVerifyOptions.Read(settings);
        settings.ThrowIfInvalid();
        var report = await new MigrationVerifier(target.ConnectionString).VerifyAsync(
            Path.Combine(catalog.Directory, verify.Chain), Path.Combine(catalog.Directory, verify.Consolidated), verify.Ignore, cancellationToken);
        return new GateResult(GateCatalog.MigrationsVerify, report.Equal,
            report.Equal
                ? $"{report.ChainMigrations} chain migrations and {report.ConsolidatedMigrations} consolidated build the same schema ({report.Facts} catalog facts, fingerprint {report.ChainFingerprint})"
                : $"{report.Differences.Count} schema difference(s) between the chain and the consolidated set: {string.Join("; ", report.Differences.Take(10).Select(d => d.ToString().Replace("\n", " ", StringComparison.Ordinal)))}",
            new Dictionary<string, object?>
            {
                ["chainMigrations"] = report.ChainMigrations,
                ["consolidatedMigrations"] = report.ConsolidatedMigrations,
                ["facts"] = report.Facts,
                ["chainFingerprint"] = report.ChainFingerprint,
                ["consolidatedFingerprint"] = report.ConsolidatedFingerprint,
                ["differences"] = report.Differences.Select(d => d.ToString()).ToList(),
            });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: gate {Gate} ({Where}) passed={Passed}: {Detail}")]
    private static partial void LogGate(ILogger logger, Guid runId, string gate, string where, bool passed, string detail);
}

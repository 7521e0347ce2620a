using System.Diagnostics;
using Microsoft.Extensions.Options;
using ReplyX.Rollout.Controller.Phases;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Controller.Telemetry;
using ReplyX.Rollout.Core.Gates;
using ReplyX.Rollout.Core.Metrics;
using ReplyX.Rollout.Core.Migrations;
using ReplyX.Rollout.Core.Migrations.Tools;
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
                result = await RunOneAsync(gate, run, cancellationToken);
            }
            catch (Exception exception) when (exception is MigrationApplyException or DirectoryNotFoundException or Npgsql.NpgsqlException or InvalidOperationException or Core.Postgres.PostgresToolException)
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

    private Dictionary<string, Func<GateSettings, RolloutRun, CancellationToken, Task<GateResult>>> Executors => field ??= new()
    {
        [GateCatalog.VectorRecall] = RecallAsync,
        [GateCatalog.Capacity] = CapacityAsync,
        [GateCatalog.MigrationsConflicts] = ConflictsAsync,
        [GateCatalog.MigrationsVerify] = VerifyAsync,
    };

    private Task<GateResult> RunOneAsync(GateSpec gate, RolloutRun run, CancellationToken cancellationToken) =>
        Executors.TryGetValue(gate.Type, out var execute)
            ? execute(new GateSettings(gate), run, cancellationToken)
            : Task.FromResult(GateResult.Fail(gate.Type, $"no runner for gate type '{gate.Type}'"));

    private async Task<GateResult> RecallAsync(GateSettings settings, RolloutRun run, CancellationToken cancellationToken)
    {
        var recall = VectorRecallOptions.Read(settings);
        settings.ThrowIfInvalid();
        return await new VectorRecallGate(target.ConnectionString, time).RunAsync(recall, cancellationToken);
    }

    private async Task<GateResult> CapacityAsync(GateSettings settings, RolloutRun run, CancellationToken cancellationToken)
    {
        var overrides = run.Overrides;
        var capacity = CapacityOptions.Read(settings);
        settings.ThrowIfInvalid();
        // The run says so in its overrides; the readings say how long and how fast the load really ran.
        capacity = capacity with { Duration = overrides.CapacityDuration ?? capacity.Duration, Rate = overrides.CapacityRate ?? capacity.Rate };
        return await new CapacityGate(load, metrics, time).RunAsync(capacity, cancellationToken);
    }

    private async Task<GateResult> ConflictsAsync(GateSettings settings, RolloutRun run, CancellationToken cancellationToken)
    {
        var options = MigrationsConflictsOptions.Read(settings);
        settings.ThrowIfInvalid();
        await using var output = new ToolOutputEvents(store, run.Id, GateCatalog.MigrationsConflicts, cancellationToken);
        var tool = Resolve(options.Tool, output).Create();
        // A SQL chain is read statement by statement; a tool's chain is judged on the schemas its branches build.
        MigrationSet graph;
        IReadOnlyList<MigrationConflict> conflicts;
        if (tool is SqlMigrationTool)
        {
            graph = await tool.GraphAsync(cancellationToken);
            conflicts = ConflictDetector.Find(graph);
        }
        else
        {
            (graph, conflicts) = await new BranchConflictFinder(target.ConnectionString).FindAsync(tool, [], cancellationToken);
        }
        return new GateResult(GateCatalog.MigrationsConflicts, conflicts.Count == 0,
            conflicts.Count == 0
                ? $"{graph.Migrations.Count} migration(s) in {options.Directory} ({tool.Name}), one head, no conflicts"
                : $"{conflicts.Count} conflict(s) in {options.Directory} ({tool.Name}): {string.Join("; ", conflicts)}",
            new Dictionary<string, object?> { ["tool"] = tool.Name, ["migrations"] = graph.Migrations.Count, ["heads"] = graph.Heads().Count, ["conflicts"] = conflicts.Select(c => c.ToString()).ToList() });
    }

    private async Task<GateResult> VerifyAsync(GateSettings settings, RolloutRun run, CancellationToken cancellationToken)
    {
        var verify = MigrationsVerifyOptions.Read(settings);
        settings.ThrowIfInvalid();
        await using var output = new ToolOutputEvents(store, run.Id, GateCatalog.MigrationsVerify, cancellationToken);
        var chain = Resolve(verify.Tool, output);
        var consolidated = chain with { Directory = Path.Combine(catalog.Directory, verify.Consolidated), Ini = null };
        var report = await new MigrationVerifier(target.ConnectionString).VerifyAsync(chain.Create(), consolidated.Create(), verify.Ignore, cancellationToken);
        return new GateResult(GateCatalog.MigrationsVerify, report.Equal,
            report.Equal
                ? $"{report.ChainMigrations} chain migrations and {report.ConsolidatedMigrations} consolidated build the same schema with {chain.Tool} ({report.Facts} catalog facts, fingerprint {report.ChainFingerprint}{(report.Reparsed.Count > 0 ? $"; {report.Reparsed.Count} equal as PostgreSQL prints them after a dump and restore: {string.Join(", ", report.Reparsed)}" : "")})"
                : $"{report.Differences.Count} schema difference(s) between the chain and the consolidated set: {string.Join("; ", report.Differences.Take(10).Select(d => d.ToString().Replace("\n", " ", StringComparison.Ordinal)))}",
            new Dictionary<string, object?>
            {
                ["tool"] = chain.Tool,
                ["chainMigrations"] = report.ChainMigrations,
                ["consolidatedMigrations"] = report.ConsolidatedMigrations,
                ["facts"] = report.Facts,
                ["chainFingerprint"] = report.ChainFingerprint,
                ["consolidatedFingerprint"] = report.ConsolidatedFingerprint,
                ["differences"] = report.Differences.Select(d => d.ToString()).ToList(),
                ["reparsed"] = report.Reparsed,
            });
    }

    /// <summary>The gate's tool settings with paths resolved against the phases folder and output into the run's events.</summary>
    private MigrationToolOptions Resolve(MigrationToolOptions options, ToolOutputEvents output) => options with
    {
        Directory = Path.Combine(catalog.Directory, options.Directory),
        Ini = options.Ini is null ? null : Path.Combine(catalog.Directory, options.Ini),
        Python = options.Python.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(options.Python) ? Path.Combine(catalog.Directory, options.Python) : options.Python,
        Output = output.Line,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: gate {Gate} ({Where}) passed={Passed}: {Detail}")]
    private static partial void LogGate(ILogger logger, Guid runId, string gate, string where, bool passed, string detail);
}

using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ReplyX.Rollout.Controller.Configuration;
using ReplyX.Rollout.Controller.Rollouts;
using ReplyX.Rollout.Controller.Target;
using ReplyX.Rollout.Core.Postgres;
using ReplyX.Rollout.Core.Rollouts;

namespace ReplyX.Rollout.Controller.Rollback;

/// <summary>
/// The human's recoveries after a run rolled back or failed, each explicit and confirmed with the phase id: level 3
/// restores the run's verified backup into the target; level 4 promotes the streaming standby, proves it accepts
/// writes and that it holds at least the rows counted at preflight, and records how long it took. Repointing clients
/// at the promoted server is the operator's (docs/operations.md).
/// </summary>
public sealed class Recovery(RolloutStore store, RolloutTarget target, IOptions<ControllerOptions> options)
{
    public static readonly TimeSpan PromotionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Why this recovery may not run now, or null.</summary>
    public string? Refusal(RolloutRun run, int level) =>
        run.State is not (RolloutState.RolledBack or RolloutState.Failed) ? $"recovery is offered only after a run rolled back or failed; this one is {run.State}"
        : level == 3 && BackupPath(run) is null ? "this run has no verified backup on disk to restore"
        : level == 4 && target.StandbyConnectionString is null ? $"no standby is configured (ConnectionStrings:{options.Value.StandbyConnectionName})"
        : level is not (3 or 4) ? $"recovery level {level} is not one the controller runs: 3 restores the backup, 4 promotes the standby"
        : null;

    /// <summary>Level 3: pg_restore of the verified backup, in one transaction.</summary>
    public async Task<object> RestoreBackupAsync(RolloutRun run, CancellationToken cancellationToken)
    {
        var path = BackupPath(run)!;
        await store.RecordEventAsync(run.Id, "restore-started", $"level-3 restore of {path} requested", new { level = 3, path }, cancellationToken);
        await new PostgresTools(options.Value.PgBinDirectory).RunAsync("pg_restore",
            ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--dbname", new NpgsqlConnectionStringBuilder(target.ConnectionString).Database!, path],
            target.ConnectionString, cancellationToken);
        await store.RecordEventAsync(run.Id, "restored", $"target database restored from {path} (single transaction)", new { level = 3, path }, cancellationToken);
        return new { level = 3, path };
    }

    /// <summary>Level 4: promote the standby; fails (recorded) when it accepts no write or lost rows counted at preflight.</summary>
    public async Task<object> PromoteStandbyAsync(RolloutRun run, CancellationToken cancellationToken)
    {
        var inspector = new StandbyInspector(target.ConnectionString, target.StandbyConnectionString!);
        var before = run.RowCountsBeforeJson is null ? [] : JsonSerializer.Deserialize<Dictionary<string, long>>(run.RowCountsBeforeJson, RolloutStore.Json) ?? [];
        await store.RecordEventAsync(run.Id, "restore-started", "level-4 recovery requested: promoting the standby", new { level = 4 }, cancellationToken);
        var promotion = await inspector.PromoteAsync(before.Keys, PromotionTimeout, cancellationToken);
        // Rows counted at preflight are the floor: the standby may hold more (writes replicated since), never fewer.
        var tables = before.Select(b => new { table = b.Key, snapshot = b.Value, promoted = promotion.RowCounts[b.Key], holds = promotion.RowCounts[b.Key] >= b.Value }).ToList();
        var readings = new { level = 4, promoteSeconds = Math.Round(promotion.Promoted.TotalSeconds, 2), writesAcceptedSeconds = Math.Round(promotion.WritesAccepted.TotalSeconds, 2), tables };
        if (tables.FirstOrDefault(t => !t.holds) is { } missing)
        {
            await store.RecordEventAsync(run.Id, "restore-failed", $"the promoted standby holds {missing.promoted} rows of {missing.table}, fewer than the {missing.snapshot} counted at preflight", readings, cancellationToken);
            throw new PostgresToolException($"the promoted standby lost rows: {missing.table} has {missing.promoted}, {missing.snapshot} were counted at preflight");
        }

        await store.RecordEventAsync(run.Id, "restored",
            $"standby promoted in {promotion.Promoted.TotalSeconds:F1} s and accepted a write {promotion.WritesAccepted.TotalSeconds:F1} s after the request; {tables.Count} table(s) hold at least their preflight rows. Repoint clients at the standby; the old primary must not take writes again",
            readings, cancellationToken);
        return readings;
    }

    private static string? BackupPath(RolloutRun run) =>
        run.BackupJson is not null && JsonDocument.Parse(run.BackupJson).RootElement.GetProperty("path").GetString() is { } path && File.Exists(path) ? path : null;
}
